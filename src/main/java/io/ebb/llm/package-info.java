/**
 * Interest capture: a generative LLM (or, without one, a deterministic summariser) reads a user's recent behaviour
 * and context and states what the user is interested in now.
 *
 * <p>Plain Java plus LangChain4j, Jackson and Micrometer; of Pekko only the circuit breaker and the scheduler it
 * is given, no actors: the user entity calls an {@link io.ebb.llm.InterestCapturer} and gets a {@link
 * java.util.concurrent.CompletionStage}; it records the answer ({@link io.ebb.llm.CapturedInterests}) as an event, so
 * replays never need the model. {@link io.ebb.llm.Capturers} builds the configured capturer from {@link
 * io.ebb.llm.LlmSettings} ({@code ebb.llm}).
 *
 * <p>The model is never trusted: user data reaches it only as an escaped JSON block marked as untrusted ({@code
 * CapturePrompt}), its answer is validated and bounded ({@link io.ebb.llm.CaptureParser}), and every call goes
 * through {@link io.ebb.llm.GuardedCapturer} (concurrency limit, rate limit, circuit breaker, timeout, metrics),
 * whose stage always completes, exceptionally with a {@link io.ebb.llm.CaptureFailedException} naming the outcome.
 */
package io.ebb.llm;
