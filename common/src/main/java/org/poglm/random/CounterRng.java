package org.poglm.random;

/**
 * Counter-based random numbers (SPEC §8): every draw is a pure function of a key and a counter,
 * so results never depend on the order in which threads, tasks or retries run.
 *
 * <p>Keys are derived by chaining the SplitMix64 finaliser over (seed, step, piece, sample); the
 * i-th 64-bit draw under a key is {@code mix64(key + (i + 1) * GOLDEN)}, which is SplitMix64's own
 * output sequence started at {@code key}.
 */
public final class CounterRng {
    /** 2^64 / golden ratio, SplitMix64's increment. */
    public static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** Step value reserved for initialisation draws. */
    public static final long INIT_STEP = -1L;
    /** Step value reserved for evaluation (test marginal likelihood) draws. */
    public static final long EVAL_STEP = -2L;
    /** Step value reserved for synthetic data generation. */
    public static final long DATA_STEP = -3L;
    /** Step value reserved for batch-order permutations. */
    public static final long SCHEDULE_STEP = -4L;
    /**
     * Step value reserved for the validation ELBO (SPEC §9): the same draws every epoch, so that
     * epochs are compared on common random numbers.
     */
    public static final long VALIDATION_STEP = -5L;

    private CounterRng() {
    }

    /** SplitMix64 finaliser (Stafford variant 13): a bijective 64-bit mixer. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Combines a parent key with one more coordinate. */
    public static long derive(long parent, long coordinate) {
        return mix64(mix64(parent + GOLDEN) ^ (coordinate * 0xD1B54A32D192ED03L + 0x8CB92BA72F3D8DD7L));
    }

    /** The key of Monte Carlo sample {@code sample} of piece {@code pieceId} at step {@code step}. */
    public static long sampleKey(long seed, long step, long pieceId, long sample) {
        return derive(derive(derive(derive(0x5EEDL, seed), step), pieceId), sample);
    }

    /** The i-th 64 random bits under {@code key}. */
    public static long bits(long key, long i) {
        return mix64(key + (i + 1) * GOLDEN);
    }

    /** The i-th uniform under {@code key}, in the open interval (0, 1). */
    public static double uniform(long key, long i) {
        return ((bits(key, i) >>> 11) + 0.5) * 0x1.0p-53;
    }
}
