/**
 * Golden transcript of kubernetes.io's "Run a Replicated Stateful Application" (kubernetes/website
 * content/en/docs/tasks/run-application/run-replicated-stateful-application.md, issue 14): the
 * MySQL StatefulSet of application/mysql/ comes up one pod at a time (mysql-1 cloned from
 * mysql-0, mysql-2 from mysql-1, both replicating from mysql-0), a row written to the primary
 * through `mysql-0.mysql` is read back through `mysql-read` and from a replica, and the
 * `SELECT @@server_id` loop meets all three servers. Checked against the outputs on that page
 * (the table of `SELECT * FROM test.messages`, the server ids 100–102 of the loop); the page's
 * `Waiting for pod default/mysql-client to be running…` line is an old kubectl's, which v1.31
 * no longer prints. Regenerate after an intended change with
 * `UPDATE_GOLDEN=1 npx vitest run src/engine/kubectl/mysqlGolden.test.ts` and review the diff.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { expectGolden } from '../testing/golden';
import { kubectlTranscript } from '../testing/kubectlTranscript';

const here = dirname(fileURLToPath(import.meta.url));
const examples = join(here, '..', 'testing', 'k8s-examples', 'application', 'mysql');
const file = (name: string) => readFileSync(join(examples, name), 'utf8');

describe('Run a Replicated Stateful Application (golden)', () => {
  it('clones and replicates mysql-0 to mysql-1 and mysql-2; mysql-read serves all three', () => {
    const run = 'run mysql-client --image=mysql:5.7 -i -t --rm --restart=Never --';
    const loop = `run mysql-client-loop --image=mysql:5.7 -i -t --rm --restart=Never -- bash -ic "while sleep 1; do mysql -h mysql-read -e 'SELECT @@server_id,NOW()'; done"`;
    expectGolden(
      join(here, 'testdata', 'workloads', 'replicated-mysql.golden.txt'),
      kubectlTranscript(
        [
          'apply -f mysql-configmap.yaml',
          'apply -f mysql-services.yaml',
          'apply -f mysql-statefulset.yaml',
          'get pods -l app=mysql --watch',
          'get pods -l app=mysql',
          [
            'run mysql-client --image=mysql:5.7 -i --rm --restart=Never -- mysql -h mysql-0.mysql <<EOF',
            'CREATE DATABASE test;',
            'CREATE TABLE test.messages (message VARCHAR(250));',
            "INSERT INTO test.messages VALUES ('hello');",
            'EOF',
          ].join('\n'),
          `${run} mysql -h mysql-read -e "SELECT * FROM test.messages"`,
          `${run} mysql -h mysql-2.mysql -e "SELECT * FROM test.messages"`,
          loop,
          // Enter pressed while it runs (read by no one): the loop goes on 5 s more.
          '> ',
          '> ^C',
          // "Break the Readiness Probe": mysql-2 is 1/2 and leaves mysql-read, then comes back.
          'exec mysql-2 -c mysql -- mv /usr/bin/mysql /usr/bin/mysql.off',
          'wait 10',
          'get pod mysql-2',
          loop,
          '> ^C',
          'exec mysql-2 -c mysql -- mv /usr/bin/mysql.off /usr/bin/mysql',
          'wait 10',
          'get pod mysql-2',
          'exec mysql-1 -c mysql -- mysql -e "SHOW SLAVE STATUS\\G"',
          'exec mysql-1 -c mysql -- mysql -e "INSERT INTO test.messages VALUES (\'not here\')"',
          'logs mysql-1 -c xtrabackup',
          // "Delete Pods": mysql-2 comes back on its claim, with its data, still a replica.
          'delete pod mysql-2',
          'wait 30',
          'get pods -l app=mysql',
          `${run} mysql -h mysql-2.mysql -e "SELECT @@server_id, message FROM test.messages"`,
          // "Scaling the number of replicas": mysql-3 and mysql-4 cloned from a replica.
          'scale statefulset mysql --replicas=5',
          'wait 120',
          'get pods -l app=mysql',
          `${run} mysql -h mysql-3.mysql -e "SELECT * FROM test.messages"`,
        ],
        {
          'mysql-configmap.yaml': file('mysql-configmap.yaml'),
          'mysql-services.yaml': file('mysql-services.yaml'),
          'mysql-statefulset.yaml': file('mysql-statefulset.yaml'),
        },
        { terminal: true, streamLimitMs: 180_000 },
      ),
    );
  });
});
