import { describe, expect, it } from 'vitest';
import type { CronJob, Job } from '../../api/types';
import type { Cluster } from '../../cluster';
import { createObject, eventsFrom, objectsOf, startCluster } from '../../testing/testCluster';

/** content/en/examples/application/job/cronjob.yaml */
const HELLO = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox:1.28
            imagePullPolicy: IfNotPresent
            command:
            - /bin/sh
            - -c
            - date; echo Hello from the Kubernetes cluster
          restartPolicy: OnFailure
`;

const jobs = (c: Cluster) =>
  objectsOf<Job>(c, 'Job')
    .filter((j) => !j.metadata!.deletionTimestamp)
    .map((j) => j.metadata!.name!)
    .sort();
const cronJob = (c: Cluster) => objectsOf<CronJob>(c, 'CronJob')[0];
const minute = (c: Cluster) => Math.floor((Date.UTC(2026, 0, 5, 9) + c.clock.now) / 60_000);

describe('CronJob controller', () => {
  it('creates a Job each minute in virtual time and keeps three successful ones', () => {
    const c = startCluster();
    expect(createObject(c, HELLO).code).toBe(201);
    const first = minute(c) + 1;
    c.clock.advance(65_000);
    expect(jobs(c)).toEqual([`hello-${first}`]);
    const job = objectsOf<Job>(c, 'Job')[0];
    expect(job.metadata!.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(
      new Date(first * 60_000).toISOString().replace('.000Z', 'Z'),
    );
    c.clock.advance(5 * 60_000);
    // Six minutes have passed: the newest three finished Jobs stay (successfulJobsHistoryLimit).
    expect(jobs(c)).toEqual([first + 3, first + 4, first + 5].map((m) => `hello-${m}`));
    const st = cronJob(c).status!;
    expect(st.lastScheduleTime).toBe(
      new Date((first + 5) * 60_000).toISOString().replace('.000Z', 'Z'),
    );
    expect(st.lastSuccessfulTime).toBeDefined();
    const events = eventsFrom(c, 'cronjob-controller');
    expect(events).toContain(`SuccessfulCreate: Created job hello-${first}`);
    expect(events).toContain(
      `SawCompletedJob: Saw completed job: hello-${first}, condition: Complete`,
    );
    expect(events).toContain(`SuccessfulDelete: Deleted job hello-${first}`);
  });

  it('does nothing while suspended, and Forbid waits for the running Job', () => {
    const c = startCluster();
    createObject(
      c,
      HELLO.replace('schedule: "* * * * *"', 'schedule: "* * * * *"\n  suspend: true'),
    );
    c.clock.advance(3 * 60_000);
    expect(jobs(c)).toEqual([]);
    const r = createObject(
      c,
      HELLO.replace('name: hello', 'name: slow')
        .replace('schedule: "* * * * *"', 'schedule: "* * * * *"\n  concurrencyPolicy: Forbid')
        .replace('date; echo Hello from the Kubernetes cluster', 'sleep 150'),
    );
    expect(r.code).toBe(201);
    c.clock.advance(3 * 60_000 + 5_000);
    // One Job ran through three schedule times; the other two were skipped.
    const slow = objectsOf<Job>(c, 'Job').filter((j) => j.metadata!.name!.startsWith('slow-'));
    expect(slow.length).toBe(1);
    expect(eventsFrom(c, 'cronjob-controller')).toContain(
      'JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid',
    );
  });

  it('refuses a schedule cron cannot parse, with the API server text', () => {
    const c = startCluster();
    const r = createObject(c, HELLO.replace('"* * * * *"', '"* * * *"'));
    expect(r.code).toBe(422);
    expect((r.body as { message: string }).message).toBe(
      'CronJob.batch "hello" is invalid: spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]',
    );
  });
});
