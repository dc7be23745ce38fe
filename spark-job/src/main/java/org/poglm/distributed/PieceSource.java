package org.poglm.distributed;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.poglm.data.Piece;
import org.poglm.data.Recording;
import org.poglm.synthetic.SyntheticGenerator;
import org.poglm.synthetic.SyntheticTruth;

/**
 * Builds the cached RDDs of pieces, one {@link PieceBlock} per partition, generated or cut on the
 * executors (data parallelised from the driver would ride along with every task). Index i of a
 * split goes to partition {@code i mod partitions}, so each batch spreads over all of them.
 */
public final class PieceSource {
    /** Which pieces of the recording, indexed 0..count-1 in the order of their ids. */
    public interface PieceIds extends java.io.Serializable {
        int count();

        /** The id of the piece with index {@code index}. */
        int id(int index);

        /** The index of piece {@code id}, or -1 when it is not one of these. */
        int indexOf(long id);
    }

    /** Ids {@code [first, first + count)}. */
    public record Range(int first, int count) implements PieceIds {
        @Override
        public int id(int index) {
            return first + index;
        }

        @Override
        public int indexOf(long id) {
            return id >= first && id < (long) first + count ? (int) (id - first) : -1;
        }
    }

    /** Any ids, given in increasing order (the pieces around a test block, say). */
    public record Ids(int[] ids) implements PieceIds {
        public Ids {
            ids = ids.clone();
            for (int i = 1; i < ids.length; i++) {
                if (ids[i] <= ids[i - 1]) {
                    throw new IllegalArgumentException("piece ids must increase: " + ids[i - 1] + " then " + ids[i]);
                }
            }
        }

        @Override
        public int count() {
            return ids.length;
        }

        @Override
        public int id(int index) {
            return ids[index];
        }

        @Override
        public int indexOf(long id) {
            int i = java.util.Arrays.binarySearch(ids, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, id)));
            return i >= 0 && ids[i] == id ? i : -1;
        }
    }

    private PieceSource() {
    }

    /**
     * Pieces cut on the executors from a broadcast recording. With {@code contextBins > 0} each piece
     * carries its neighbours' bins, except across the train/test boundary ({@code trainPieces}): the
     * last training piece does not see the test set's first bins.
     */
    public static JavaRDD<PieceBlock> fromRecording(JavaSparkContext jsc, Broadcast<Recording> recording, PieceIds range,
                                                    int pieceBins, int contextBins, int trainPieces, int partitions) {
        int parts = Math.max(1, Math.min(partitions, range.count()));
        return blocks(jsc, parts, range, p -> {
            Recording rec = recording.value();
            Piece piece = rec.piece(p, pieceBins, contextBins);
            if (contextBins > 0 && p == trainPieces - 1) {
                piece = withoutFutureContext(piece, contextBins);
            }
            return piece;
        });
    }

    /**
     * Blocks from pieces already on the executors (binned by Spark): the pieces with ids in
     * {@code range}, dealt round-robin by index into {@code partitions} blocks, without going through the
     * driver. The last training piece loses its future context, as in {@link #fromRecording}.
     */
    public static JavaRDD<PieceBlock> fromPieces(JavaSparkContext jsc, JavaRDD<Piece> pieces, PieceIds range,
                                                 int contextBins, int trainPieces, int partitions) {
        int parts = Math.max(1, Math.min(partitions, range.count()));
        JavaRDD<PieceBlock> rdd = pieces
            .filter(p -> range.indexOf(p.id()) >= 0)
            .mapToPair(p -> new scala.Tuple2<>(range.indexOf(p.id()) % parts,
                contextBins > 0 && p.id() == trainPieces - 1 ? withoutFutureContext(p, contextBins) : p))
            .partitionBy(new org.apache.spark.HashPartitioner(parts))
            .mapPartitions(it -> {
                List<Piece> list = new ArrayList<>();
                it.forEachRemaining(t -> list.add(t._2()));
                list.sort(java.util.Comparator.comparingLong(Piece::id));
                int[] idx = new int[list.size()];
                Piece[] arr = new Piece[list.size()];
                for (int k = 0; k < arr.length; k++) {
                    arr[k] = list.get(k);
                    idx[k] = range.indexOf(arr[k].id());
                }
                return List.of(new PieceBlock(idx, arr)).iterator();
            }, true);
        rdd.persist(StorageLevel.MEMORY_ONLY());
        rdd.count();
        return rdd;
    }

    /** Pieces generated on the executors by the synthetic generator (SPEC §6). */
    public static JavaRDD<PieceBlock> synthetic(JavaSparkContext jsc, SyntheticTruth truth, PieceIds range,
                                                int partitions) {
        int parts = Math.max(1, Math.min(partitions, range.count()));
        return blocks(jsc, parts, range, p -> SyntheticGenerator.piece(truth, p));
    }

    /** Makes piece {@code pieceId} on an executor (must be a pure function of the id). */
    public interface PieceMaker extends java.io.Serializable {
        Piece make(int pieceId);
    }

    /** Pieces made on the executors by any generator. */
    public static JavaRDD<PieceBlock> generated(JavaSparkContext jsc, PieceIds range, int partitions, PieceMaker maker) {
        return blocks(jsc, Math.max(1, Math.min(partitions, range.count())), range, maker);
    }

    private static JavaRDD<PieceBlock> blocks(JavaSparkContext jsc, int parts, PieceIds range, PieceMaker maker) {
        List<Integer> partitionIds = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            partitionIds.add(i);
        }
        JavaRDD<PieceBlock> rdd = jsc.parallelize(partitionIds, parts).map(part -> {
            List<Integer> indices = new ArrayList<>();
            for (int i = part; i < range.count(); i += parts) {
                indices.add(i);
            }
            int[] idx = indices.stream().mapToInt(Integer::intValue).toArray();
            Piece[] pieces = new Piece[idx.length];
            for (int k = 0; k < idx.length; k++) {
                pieces[k] = maker.make(range.id(idx[k]));
            }
            return new PieceBlock(idx, pieces);
        });
        rdd.persist(StorageLevel.MEMORY_ONLY());
        rdd.count();
        return rdd;
    }

    static Piece withoutFutureContext(Piece p, int contextBins) {
        short[] before = new short[contextBins * p.visible()];
        for (int t = -contextBins; t < 0; t++) {
            for (int v = 0; v < p.visible(); v++) {
                before[(t + contextBins) * p.visible() + v] = (short) p.countWithContext(t, v);
            }
        }
        short[] counts = new short[p.bins() * p.visible()];
        for (int t = 0; t < p.bins(); t++) {
            for (int v = 0; v < p.visible(); v++) {
                counts[t * p.visible() + v] = (short) p.count(t, v);
            }
        }
        return new Piece(p.id(), p.bins(), p.visible(), counts, contextBins, before,
            new short[contextBins * p.visible()]);
    }
}
