package org.poglm.eval;

/**
 * One test piece scored by one model (SPEC §7, §9).
 *
 * @param logLikelihood     {@code log p(X)}, the test marginal log-likelihood of the piece: the same bits as
 *                          {@link MarginalLikelihood#marginalLogLikelihood}
 * @param unitLogLikelihood per visible unit v, its share {@code log p(x_v | X_-v)}
 *                          (see {@link MarginalLikelihood#evaluate})
 * @param activity          the inferred activity, or null when it was not asked for
 */
public record PieceEvaluation(double logLikelihood, double[] unitLogLikelihood, InferredActivity activity) {
}
