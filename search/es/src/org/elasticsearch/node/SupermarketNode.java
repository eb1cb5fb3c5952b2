package org.elasticsearch.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.MockPluginsService;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;
import org.elasticsearch.transport.netty4.Netty4Plugin;

/**
 * One Elasticsearch 8 node inside this JVM, for tests and local work.
 *
 * Elastic publishes the server and its Netty transport to Maven Central but not
 * the packaged distribution (and the cluster-runner for 8.x is not on Central),
 * so the node is assembled here: the real server with its plugins loaded from
 * the classpath (Netty, and the analysis parts the supermarket index needs).
 * The class sits in Elasticsearch's package because node construction with
 * classpath plugins is package-private.
 *
 * Usage: SupermarketNode HOME_DIR HTTP_PORT TRANSPORT_PORT [NODE_NAME SEEDS MASTERS]
 *
 * With the last three, the node joins a cluster instead of running alone:
 * SEEDS lists the other nodes' transport addresses (host:port,…) and MASTERS
 * the names of the master-eligible nodes that form it the first time
 * (tests/search/test_cluster.py starts three).
 */
public final class SupermarketNode extends Node {

    private SupermarketNode(Environment environment) {
        super(NodeConstruction.prepareConstruction(environment, null, new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment env, PluginsLoader loader) {
                return new MockPluginsService(
                    env.settings(), env, List.of(Netty4Plugin.class, SupermarketAnalysisPlugin.class));
            }
        }, true));
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        boolean clustered = args.length >= 6;
        String name = clustered ? args[3] : "supermarket-1";
        Settings.Builder builder = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "supermarket")
            .put("node.name", name)
            .put("network.host", "127.0.0.1")
            .put("http.port", args[1])
            .put("transport.port", args[2])
            .put("http.type", Netty4Plugin.NETTY_HTTP_TRANSPORT_NAME)
            .put("transport.type", Netty4Plugin.NETTY_TRANSPORT_NAME)
            .put("cluster.routing.allocation.disk.threshold_enabled", false);
        if (clustered) {
            builder.putList("discovery.seed_hosts", args[4].split(","))
                .putList("cluster.initial_master_nodes", args[5].split(","));
        } else {
            builder.put("discovery.type", "single-node");
        }
        Settings settings = builder.build();
        LogConfigurator.configureESLogging();
        LogConfigurator.configureWithoutConfig(settings);
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Map.of(), null, () -> name);
        Node node = new SupermarketNode(environment);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }));
        node.start();
        System.out.println("supermarket-es: started on 127.0.0.1:" + args[1]);
        stopped.await();
    }
}
