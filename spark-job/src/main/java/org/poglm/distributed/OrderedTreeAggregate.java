package org.poglm.distributed;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;

import scala.Tuple2;

/**
 * {@code treeAggregate} with a configurable depth whose floating-point sums depend on neither task
 * timing nor the depth (SPEC §8: the same partitioning gives bit-identical results, also after a
 * retry). Spark's own {@code RDD.treeAggregate} merges partial results in the order tasks finish
 * (and its {@code foldByKey} levels in fetch order). Here partial results are merged along one
 * fixed binary tree over the partition indices: two of them meet at their lowest common ancestor,
 * lower index first. Each tree level merges aligned groups of a power-of-two number of
 * consecutive indices (whole subtrees of that binary tree) and the driver merges the rest, so the
 * depth only moves work between the executors and the driver. Still one Spark job.
 */
public final class OrderedTreeAggregate {
    private OrderedTreeAggregate() {
    }

    /** A partial result: the subtree {@code index} of the current level. */
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
        int shift = Integer.numberOfTrailingZeros(scale(n, depth));
        List<Integer> levels = levels(n, depth);
        for (int groups : levels) {
            // Group g (a whole subtree) becomes part g of the next level.
            level = level.mapToPair(p -> new Tuple2<>(p.index() >> shift, p)).groupByKey(groups)
                .map(group -> new Part<>(group._1(), merge(group._2().iterator(), combOp)));
        }
        List<Part<A>> last = level.collect();
        int expected = levels.isEmpty() ? n : levels.get(levels.size() - 1);
        if (last.size() != expected) {
            throw new IllegalStateException("tree aggregation: " + last.size() + " partial results reached the driver, "
                + "expected " + expected);
        }
        return last.isEmpty() ? zero.get() : merge(last.iterator(), combOp);
    }

    /**
     * The group size of every level: the smallest power of two {@code s >= 2} with {@code s^depth >= n}
     * (Spark's {@code ceil(n^(1/depth))}, rounded up to a power of two so that groups are subtrees).
     */
    static int scale(int n, int depth) {
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1));
        return 1 << Math.min(30, Math.max(1, (bits + depth - 1) / depth));
    }

    /**
     * The number of groups after each shuffle level, by Spark's {@code treeAggregate} rule (a level
     * while {@code n > s + ceil(n / s)}); at most {@code depth - 1} levels.
     */
    static List<Integer> levels(int n, int depth) {
        long s = scale(n, depth);
        List<Integer> out = new ArrayList<>();
        while (n > s + (n + s - 1) / s) {
            n = (int) ((n + s - 1) / s);
            out.add(n);
        }
        return out;
    }

    /**
     * Merges parts along the binary tree of their indices: siblings are merged (lower index first) and
     * lifted one level until one remains. Merging a subtree's parts and then that subtree's result with
     * the others gives the same value, bit for bit, as merging all parts at once.
     */
    static <A> A merge(Iterator<Part<A>> parts, Function2<A, A, A> combOp) throws Exception {
        List<Part<A>> list = new ArrayList<>();
        parts.forEachRemaining(list::add);
        list.sort(Comparator.comparingInt(Part::index));
        while (list.size() > 1) {
            List<Part<A>> up = new ArrayList<>((list.size() + 1) / 2);
            for (int i = 0; i < list.size(); i++) {
                Part<A> p = list.get(i);
                int parent = p.index() >> 1;
                if (i + 1 < list.size() && list.get(i + 1).index() >> 1 == parent) {
                    up.add(new Part<>(parent, combOp.call(p.value(), list.get(i + 1).value())));
                    i++;
                } else {
                    up.add(new Part<>(parent, p.value()));
                }
            }
            list = up;
        }
        return list.get(0).value();
    }

    /** A serializable zero-value factory (each partition starts from a fresh zero). */
    @FunctionalInterface
    public interface SerializableSupplier<A> extends Serializable {
        A get();
    }
}
