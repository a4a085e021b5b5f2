/**
 * Applies lifecycle decisions through the Kubernetes client. One engine, three drivers:
 * {@link dev.lifeboat.engine.WatchController} ({@code reconcile --watch}),
 * {@link dev.lifeboat.engine.OncePass} ({@code reconcile --once}) and the CLI's {@code --wait}.
 */
package dev.lifeboat.engine;
