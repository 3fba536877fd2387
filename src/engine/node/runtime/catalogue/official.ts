/**
 * Docker Hub's most-pulled official images (besides the ones ../imageCatalogue lists with
 * programs of their own): their ENTRYPOINT/CMD as their Dockerfiles set them, the ports their
 * servers listen on, and a few tag groups each. Sizes are compressed linux/amd64 sizes rounded to
 * what Docker Hub lists (late 2024); treat the last digits as approximate.
 */
import { JAVA, OFFICIAL_BASE_IMAGES } from './officialBases';
import type { RepoEntry } from './types';

type Tags = RepoEntry['tags'];
const DE = ['docker-entrypoint.sh'];

/** A server started by the image's docker-entrypoint.sh (or `entrypoint`), listening on `ports`. */
function server(cmd: string[], ports: number[], tags: Tags, more: Partial<RepoEntry> = {}) {
  const entry: RepoEntry = {
    kind: 'server',
    entrypoint: DE,
    cmd,
    tags,
    ports,
    bins: [cmd[0], ...DE, ...(more.entrypoint ?? [])],
    ...more,
  };
  return entry;
}

/** php:*-apache images (WordPress, Drupal, Joomla…): Apache on :80 in the foreground. */
function apache(tags: Tags, more: Partial<RepoEntry> = {}) {
  return server(['apache2-foreground'], [80], tags, {
    bins: ['apache2-foreground', 'apache2', 'php', ...DE],
    program: 'apache-php',
    ...more,
  });
}

export const OFFICIAL_IMAGES: Record<string, RepoEntry> = {
  ...OFFICIAL_BASE_IMAGES,
  'docker.io/library/tomcat': server(
    ['catalina.sh', 'run'],
    [8080],
    [
      [['latest', '11', '11.0'], 182_310_045],
      [['10', '10.1'], 176_004_288],
      [['9', '9.0'], 172_812_509],
    ],
    { entrypoint: [], bins: ['catalina.sh', ...JAVA] },
  ),
  'docker.io/library/jetty': server(
    ['java', '-jar', '/usr/local/jetty/start.jar'],
    [8080],
    [[['latest', '12', '12.0'], 206_501_114]],
    { entrypoint: ['/docker-entrypoint.sh'], bins: ['/docker-entrypoint.sh', ...JAVA] },
  ),
  'docker.io/library/wordpress': apache([
    [['latest', '6', '6.7', '6.7.1', 'apache'], 245_118_607],
    // "Deploying WordPress and MySQL with Persistent Volumes" pins this one.
    [['6.2.1-apache', '6.2.1', '6.2-apache'], 231_405_926],
  ]),
  'docker.io/library/drupal': apache([[['latest', '11', '11.1'], 211_602_340]]),
  'docker.io/library/joomla': apache([[['latest', '5', '5.2'], 233_200_127]]),
  'docker.io/library/nextcloud': apache([[['latest', '30', 'apache'], 446_018_802]]),
  'docker.io/library/matomo': apache([[['latest', '5'], 233_880_915]]),
  'docker.io/library/mediawiki': apache([[['latest', '1.42'], 292_144_060]]),
  'docker.io/library/ghost': server(
    ['node', 'current/index.js'],
    [2368],
    [[['latest', '5', '5-alpine'], 179_440_210]],
  ),
  'docker.io/library/haproxy': server(
    ['haproxy', '-f', '/usr/local/etc/haproxy/haproxy.cfg'],
    [80],
    [
      [['latest', '3', '3.1'], 38_020_446],
      [['lts', '3.0'], 37_904_012],
      [['alpine', '3.1-alpine'], 12_880_903],
    ],
  ),
  'docker.io/library/caddy': server(
    ['caddy', 'run', '--config', '/etc/caddy/Caddyfile', '--adapter', 'caddyfile'],
    [80, 443, 2019],
    [[['latest', '2', '2.8', 'alpine'], 18_205_390]],
    { entrypoint: [], base: 'busybox' },
  ),
  'docker.io/library/varnish': server(
    ['varnishd', '-F', '-f', '/etc/varnish/default.vcl'],
    [80],
    [[['latest', '7', '7.6'], 115_603_278]],
  ),
  'docker.io/library/kong': server(
    ['kong', 'docker-start'],
    [8000, 8443, 8001],
    [[['latest', '3', '3.8'], 117_403_222]],
  ),
  'docker.io/library/consul': server(
    ['agent', '-dev', '-client', '0.0.0.0'],
    [8500, 8600],
    [[['latest', '1.15', '1.15.4'], 58_714_330]],
    { entrypoint: ['docker-entrypoint.sh'], bins: ['consul', ...DE] },
  ),
  'docker.io/library/vault': server(
    ['server', '-dev'],
    [8200],
    [[['latest', '1.13', '1.13.3'], 76_220_188]],
    { bins: ['vault', ...DE] },
  ),
  'docker.io/library/registry': server(
    ['/etc/docker/registry/config.yml'],
    [5000],
    [[['latest', '2', '2.8', '2.8.3'], 9_929_114]],
    { entrypoint: ['/entrypoint.sh'], base: 'busybox', bins: ['registry', '/entrypoint.sh'] },
  ),
  'docker.io/library/influxdb': server(
    ['influxd'],
    [8086],
    [
      [['latest', '2', '2.7'], 133_416_307],
      [['1.11', '1.8'], 66_310_290],
    ],
    { entrypoint: ['/entrypoint.sh'] },
  ),
  'docker.io/library/telegraf': server(['telegraf'], [8125], [[['latest', '1.33'], 149_880_301]], {
    entrypoint: ['/entrypoint.sh'],
  }),
  'docker.io/library/chronograf': server(
    ['chronograf'],
    [8888],
    [[['latest', '1.10'], 42_501_988]],
    {
      entrypoint: ['/entrypoint.sh'],
    },
  ),
  'docker.io/library/kapacitor': server(['kapacitord'], [9092], [[['latest', '1.7'], 56_105_211]], {
    entrypoint: ['/entrypoint.sh'],
  }),
  'docker.io/library/elasticsearch': server(
    ['eswrapper'],
    [9200, 9300],
    [
      [['8.16.1', '8.16'], 695_503_118],
      [['7.17.26', '7.17'], 391_004_672],
    ],
    { entrypoint: ['/bin/tini', '--', '/usr/local/bin/docker-entrypoint.sh'] },
  ),
  'docker.io/library/kibana': server(
    ['/usr/local/bin/kibana-docker'],
    [5601],
    [[['8.16.1', '8.16'], 396_218_770]],
    { entrypoint: ['/bin/tini', '--'] },
  ),
  'docker.io/library/logstash': server(
    ['logstash'],
    [5044, 9600],
    [[['8.16.1', '8.16'], 468_105_992]],
    { entrypoint: ['/usr/local/bin/docker-entrypoint'] },
  ),
  'docker.io/library/cassandra': server(
    ['cassandra', '-f'],
    [7000, 9042],
    [
      [['latest', '5', '5.0'], 152_306_147],
      [['4', '4.1'], 145_330_211],
    ],
    { bins: ['cassandra', 'nodetool', 'cqlsh', ...DE] },
  ),
  'docker.io/library/couchdb': server(
    ['/opt/couchdb/bin/couchdb'],
    [5984],
    [[['latest', '3', '3.4'], 107_418_340]],
    { entrypoint: ['tini', '--', '/docker-entrypoint.sh'] },
  ),
  'docker.io/library/neo4j': server(['neo4j'], [7474, 7687], [[['latest', '5'], 311_660_402]], {
    entrypoint: ['tini', '-g', '--', '/startup/docker-entrypoint.sh'],
  }),
  'docker.io/library/solr': server(
    ['solr-foreground'],
    [8983],
    [[['latest', '9', '9.7'], 297_412_803]],
    {
      entrypoint: ['docker-entrypoint.sh'],
    },
  ),
  'docker.io/library/zookeeper': server(
    ['zkServer.sh', 'start-foreground'],
    [2181, 2888, 3888],
    [
      [['latest', '3.9', '3.9.3'], 118_303_044],
      [['3.8'], 117_008_391],
    ],
    { entrypoint: ['/docker-entrypoint.sh'] },
  ),
  'docker.io/library/eclipse-mosquitto': server(
    ['/usr/sbin/mosquitto', '-c', '/mosquitto-no-auth.conf'],
    [1883],
    [[['latest', '2', '2.0'], 9_901_422]],
    { entrypoint: ['/docker-entrypoint.sh'], base: 'busybox' },
  ),
  'docker.io/library/nats': server(
    ['--config', 'nats-server.conf'],
    [4222, 8222],
    [[['latest', '2', '2.10'], 7_118_304]],
    { entrypoint: ['/nats-server'], base: 'scratch', bins: ['/nats-server'] },
  ),
  'docker.io/library/sonarqube': server(
    ['/opt/sonarqube/docker/entrypoint.sh'],
    [9000],
    [[['latest', 'community', '10'], 556_102_330]],
    { entrypoint: [] },
  ),
  'docker.io/library/adminer': server(
    ['php', '-S', '[::]:8080', '-t', '/var/www/html'],
    [8080],
    [[['latest', '4', '4.8.1'], 43_330_127]],
    { entrypoint: ['entrypoint.sh', 'docker-php-entrypoint'], base: 'busybox' },
  ),
  'docker.io/library/mongo-express': server(
    ['mongo-express'],
    [8081],
    [[['latest', '1'], 66_200_413]],
    {
      entrypoint: ['tini', '--', '/docker-entrypoint.sh'],
      base: 'busybox',
    },
  ),
  'docker.io/library/redmine': server(
    ['rails', 'server', '-b', '0.0.0.0'],
    [3000],
    [[['latest', '6', '6.0'], 248_407_319]],
  ),
  'docker.io/library/odoo': server(['odoo'], [8069], [[['latest', '18', '18.0'], 611_204_335]], {
    entrypoint: ['/entrypoint.sh'],
  }),
  'docker.io/library/percona': server(['mysqld'], [3306], [[['latest', '8', '8.0'], 265_005_114]], {
    entrypoint: ['/docker-entrypoint.sh'],
  }),
  'docker.io/library/rethinkdb': server(
    ['rethinkdb', '--bind', 'all'],
    [8080, 28015],
    [[['latest', '2.4'], 52_704_116]],
    { entrypoint: [] },
  ),
  'docker.io/library/arangodb': server(['arangod'], [8529], [[['latest', '3.12'], 175_110_883]], {
    entrypoint: ['/entrypoint.sh'],
  }),
  'docker.io/library/couchbase': server(
    ['couchbase-server'],
    [8091],
    [[['latest', 'enterprise'], 531_003_211]],
    {
      entrypoint: ['/entrypoint.sh'],
    },
  ),
  'docker.io/library/orientdb': server(
    ['server.sh'],
    [2424, 2480],
    [[['latest', '3.2'], 206_440_331]],
    {
      entrypoint: [],
    },
  ),
  'docker.io/library/aerospike': server(['asd'], [3000], [[['latest', 'ce-7.2.0.4'], 74_118_006]], {
    entrypoint: ['/usr/bin/dumb-init', '--', '/entrypoint.sh'],
  }),
  'docker.io/library/emqx': server(
    ['/opt/emqx/bin/emqx', 'foreground'],
    [1883, 18083],
    [[['latest', '5', '5.8'], 127_300_552]],
    { entrypoint: ['/usr/bin/docker-entrypoint.sh'] },
  ),
  'docker.io/library/flink': server(['help'], [8081], [[['latest', '1.20'], 493_220_102]], {
    entrypoint: ['/docker-entrypoint.sh'],
  }),
  'docker.io/library/spark': server(
    ['/opt/spark/bin/spark-shell'],
    [4040],
    [[['latest', '3.5.3'], 579_003_420]],
    { entrypoint: ['/opt/entrypoint.sh'] },
  ),
  'docker.io/library/storm': server(['storm'], [6627], [[['latest', '2.7'], 231_118_422]], {
    entrypoint: ['/docker-entrypoint.sh'],
  }),
  'docker.io/library/open-liberty': server(
    ['/opt/ol/wlp/bin/server', 'run', 'defaultServer'],
    [9080, 9443],
    [[['latest', 'full'], 366_205_117]],
    { entrypoint: ['/opt/ol/helpers/runtime/docker-server.sh'] },
  ),
  'docker.io/library/websphere-liberty': server(
    ['/opt/ibm/wlp/bin/server', 'run', 'defaultServer'],
    [9080, 9443],
    [[['latest', 'full'], 424_008_733]],
    { entrypoint: ['/opt/ibm/helpers/runtime/docker-server.sh'] },
  ),
  'docker.io/library/unit': server(
    ['unitd', '--no-daemon', '--control', 'unix:/var/run/control.unit.sock'],
    [80],
    [[['latest', '1.34.0'], 42_502_338]],
    { entrypoint: ['/usr/local/bin/docker-entrypoint.sh'] },
  ),
  'docker.io/library/teamspeak': server(
    ['ts3server'],
    [9987, 10011, 30033],
    [[['latest', '3.13'], 18_330_402]],
    {
      entrypoint: ['entrypoint.sh'],
      base: 'busybox',
    },
  ),
  'docker.io/library/rocket.chat': server(
    ['node', 'main.js'],
    [3000],
    [[['latest', '6'], 348_100_290]],
    {
      entrypoint: [],
    },
  ),
  'docker.io/library/plone': server(['start'], [8080], [[['latest', '6'], 310_442_105]], {
    entrypoint: ['/app/docker-entrypoint.sh'],
  }),
  'docker.io/library/xwiki': server(['xwiki'], [8080], [[['latest', '16'], 444_330_219]]),
  'docker.io/library/friendica': apache([[['latest', '2024.09'], 272_610_008]]),
  'docker.io/library/yourls': apache([[['latest', '1.9'], 193_400_221]]),
  'docker.io/library/backdrop': apache([[['latest', '1'], 190_122_310]]),
  'docker.io/library/monica': apache([[['latest', '4'], 334_202_901]]),
  'docker.io/library/postfixadmin': apache([[['latest', '3.3'], 184_330_118]]),
  'docker.io/library/bonita': server(
    ['/opt/files/startup.sh'],
    [8080],
    [[['latest', '2024.3'], 438_229_013]],
    {
      entrypoint: [],
    },
  ),
  'docker.io/library/geonetwork': server(
    ['java', '-jar', '/usr/local/jetty/start.jar'],
    [8080],
    [[['latest', '4'], 640_118_220]],
    { entrypoint: ['/geonetwork-entrypoint.sh'] },
  ),
};
