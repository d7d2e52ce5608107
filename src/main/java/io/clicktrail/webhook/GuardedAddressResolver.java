package io.clicktrail.webhook;

import static java.util.Objects.requireNonNull;

import io.clicktrail.webhook.UrlGuard.RefusedTarget;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Resolves the hosts of outbound webhook connections for Jetty's {@code HttpClient} through a
 * {@link UrlGuard}, so that every connection goes to an address the guard has just checked: the
 * addresses handed to Jetty are exactly the ones judged, and nothing is looked up again between
 * check and connect (no DNS rebinding).
 *
 * <p>The guard may block on DNS, so each resolution runs as one task on the given executor, and the
 * promise is completed from that task: with one {@link InetSocketAddress} per checked address, in
 * the guard's order, all with the requested port; or failed with a {@link RefusedTarget} when the
 * host is malformed, does not resolve or is refused, so no connection is attempted. If the executor
 * rejects the task, or the port is out of range, the promise fails with that exception. Thread-safe
 * when the executor is.
 */
public final class GuardedAddressResolver implements SocketAddressResolver {

  private final UrlGuard guard;
  private final Executor executor;

  /**
   * Creates a resolver.
   *
   * @param guard judges every host and supplies its addresses
   * @param executor runs the blocking resolutions
   */
  public GuardedAddressResolver(UrlGuard guard, Executor executor) {
    this.guard = requireNonNull(guard, "guard");
    this.executor = requireNonNull(executor, "executor");
  }

  @Override
  public void resolve(
      String host,
      int port,
      Map<String, Object> context,
      Promise<List<InetSocketAddress>> promise) {
    requireNonNull(host, "host");
    requireNonNull(promise, "promise");
    try {
      executor.execute(() -> complete(host, port, promise));
    } catch (RejectedExecutionException e) {
      promise.failed(e);
    }
  }

  private void complete(String host, int port, Promise<List<InetSocketAddress>> promise) {
    List<InetSocketAddress> targets;
    try {
      targets = socketAddresses(guard.resolve(host), port);
    } catch (RefusedTarget | RuntimeException e) {
      promise.failed(e);
      return;
    }
    promise.succeeded(targets);
  }

  private static List<InetSocketAddress> socketAddresses(List<InetAddress> addresses, int port) {
    return addresses.stream().map(address -> new InetSocketAddress(address, port)).toList();
  }
}
