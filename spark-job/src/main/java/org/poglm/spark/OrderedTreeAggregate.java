package org.poglm.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;

import scala.Tuple2;

/**
 * {@code treeAggregate} with a configurable depth whose floating-point sums do not depend on task
 * timing. Spark's own {@code RDD.treeAggregate} merges partial results in the order tasks finish
 * (and its {@code foldByKey} levels in fetch order), so the same run could give different last bits
 * (SPEC §8 asks for bit-identical results for the same partitioning, also after a retry). Here
 * every partial result carries its partition index, each tree level merges its group sorted by that
 * index, and the driver merges the last level in index order. Still one Spark job.
 */
public final class OrderedTreeAggregate {
    private OrderedTreeAggregate() {
    }

    /** A partial result and the smallest partition index it covers. */
    record Part<A>(int index, A value) implements Serializable {
    }

    public static <T, A extends Serializable> A aggregate(JavaRDD<T> rdd, SerializableSupplier<A> zero,
                                                            Function2<A, T, A> seqOp, Function2<A, A, A> combOp,
                                                            int depth) {
        try {
            return run(rdd, zero, seqOp, combOp, depth);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T, A extends Serializable> A run(JavaRDD<T> rdd, SerializableSupplier<A> zero,
                                                     Function2<A, T, A> seqOp, Function2<A, A, A> combOp,
                                                     int depth) throws Exception {
        if (depth < 1) {
            throw new IllegalArgumentException("tree depth must be >= 1, got " + depth);
        }
        JavaRDD<Part<A>> level = rdd.mapPartitionsWithIndex((i, it) -> {
            A acc = zero.get();
            while (it.hasNext()) {
                acc = seqOp.call(acc, it.next());
            }
            return List.of(new Part<>(i, acc)).iterator();
        }, true);
        int n = rdd.getNumPartitions();
        int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
        while (n > scale + (int) Math.ceil((double) n / scale)) {
            int groups = (int) Math.ceil((double) n / scale);
            int s = scale;
            JavaPairRDD<Integer, Part<A>> keyed = level.mapToPair(p -> new Tuple2<>(p.index() / s, p));
            level = keyed.groupByKey(groups).map(group -> merge(group._2().iterator(), combOp));
            n = groups;
        }
        List<Part<A>> last = new ArrayList<>(level.collect());
        if (last.isEmpty()) {
            return zero.get();
        }
        return merge(last.iterator(), combOp).value();
    }

    /** Merges parts in index order. */
    static <A> Part<A> merge(Iterator<Part<A>> parts, Function2<A, A, A> combOp) throws Exception {
        List<Part<A>> list = new ArrayList<>();
        parts.forEachRemaining(list::add);
        Collections.sort(list, Comparator.comparingInt(Part::index));
        A acc = list.get(0).value();
        for (int i = 1; i < list.size(); i++) {
            acc = combOp.call(acc, list.get(i).value());
        }
        return new Part<>(list.get(0).index(), acc);
    }

    /** A serializable zero-value factory (each partition starts from a fresh zero). */
    @FunctionalInterface
    public interface SerializableSupplier<A> extends Serializable {
        A get();
    }
}
