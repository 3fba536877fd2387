import { describe as suite, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { describe, type DescribeRelated } from '.';
import {
  dep,
  depRelated,
  job,
  jobRelated,
  now,
  rs,
  rsRelated,
} from '../../testing/describeFixtures';

suite('describe Deployment', () => {
  it('prints replicas, strategy, the pod template and old/new replica sets', () => {
    expect(
      describe(
        'Deployment',
        dep as unknown as KubeObject,
        depRelated as unknown as DescribeRelated,
        now,
      ),
    ).toBe(
      'Name:                   web\n' +
        'Namespace:              default\n' +
        'CreationTimestamp:      Mon, 05 Jan 2026 09:00:00 +0000\n' +
        'Labels:                 app=web\n' +
        'Annotations:            deployment.kubernetes.io/revision: 2\n' +
        'Selector:               app=web\n' +
        'Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable\n' +
        'StrategyType:           RollingUpdate\n' +
        'MinReadySeconds:        0\n' +
        'RollingUpdateStrategy:  25% max unavailable, 25% max surge\n' +
        'Pod Template:\n' +
        '  Labels:  app=web\n' +
        '  Containers:\n' +
        '   web:\n' +
        '    Image:         nginx:1.27\n' +
        '    Port:          80/TCP\n' +
        '    Host Port:     0/TCP\n' +
        '    Environment:   <none>\n' +
        '    Mounts:        <none>\n' +
        '  Volumes:         <none>\n' +
        '  Node-Selectors:  <none>\n' +
        '  Tolerations:     <none>\n' +
        'Conditions:\n' +
        '  Type           Status  Reason\n' +
        '  ----           ------  ------\n' +
        '  Available      True    MinimumReplicasAvailable\n' +
        '  Progressing    True    NewReplicaSetAvailable\n' +
        'OldReplicaSets:  web-7d4b9c8f6d (0/0 replicas created)\n' +
        'NewReplicaSet:   web-5948f7484f (3/3 replicas created)\n' +
        'Events:\n' +
        '  Type    Reason             Age   From                   Message\n' +
        '  ----    ------             ----  ----                   -------\n' +
        '  Normal  ScalingReplicaSet  30m   deployment-controller  Scaled up replica set web-5948f7484f from 0 to 3\n',
    );
  });
});

suite('describe Job', () => {
  it('prints completions, duration and pod statuses', () => {
    expect(
      describe('Job', job as unknown as KubeObject, jobRelated as unknown as DescribeRelated, now),
    ).toBe(
      'Name:             pi\n' +
        'Namespace:        default\n' +
        'Selector:         batch.kubernetes.io/controller-uid=c0ffee\n' +
        'Labels:           batch.kubernetes.io/job-name=pi\n' +
        'Annotations:      <none>\n' +
        'Parallelism:      1\n' +
        'Completions:      1\n' +
        'Completion Mode:  NonIndexed\n' +
        'Suspend:          false\n' +
        'Backoff Limit:    6\n' +
        'Start Time:       Mon, 05 Jan 2026 09:55:00 +0000\n' +
        'Completed At:     Mon, 05 Jan 2026 09:55:12 +0000\n' +
        'Duration:         12s\n' +
        'Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed\n' +
        'Pod Template:\n' +
        '  Labels:  batch.kubernetes.io/job-name=pi\n' +
        '  Containers:\n' +
        '   pi:\n' +
        '    Image:      perl:5.34.0\n' +
        '    Port:       <none>\n' +
        '    Host Port:  <none>\n' +
        '    Command:\n' +
        '      perl\n' +
        '      -Mbignum=bpi\n' +
        '      -wle\n' +
        '      print bpi(2000)\n' +
        '    Environment:   <none>\n' +
        '    Mounts:        <none>\n' +
        '  Volumes:         <none>\n' +
        '  Node-Selectors:  <none>\n' +
        '  Tolerations:     <none>\n' +
        'Events:            <none>\n',
    );
  });
});

suite('describe ReplicaSet', () => {
  it('counts the pods it controls by phase', () => {
    expect(
      describe(
        'ReplicaSet',
        rs as unknown as KubeObject,
        rsRelated as unknown as DescribeRelated,
        now,
      ),
    ).toBe(
      'Name:           web-5948f7484f\n' +
        'Namespace:      default\n' +
        'Selector:       app=web\n' +
        'Labels:         app=web\n' +
        'Annotations:    <none>\n' +
        'Controlled By:  Deployment/web\n' +
        'Replicas:       2 current / 2 desired\n' +
        'Pods Status:    1 Running / 1 Waiting / 0 Succeeded / 0 Failed\n' +
        'Pod Template:\n' +
        '  Labels:  app=web\n' +
        '  Containers:\n' +
        '   web:\n' +
        '    Image:         nginx:1.27\n' +
        '    Port:          <none>\n' +
        '    Host Port:     <none>\n' +
        '    Environment:   <none>\n' +
        '    Mounts:        <none>\n' +
        '  Volumes:         <none>\n' +
        '  Node-Selectors:  <none>\n' +
        '  Tolerations:     <none>\n' +
        'Events:            <none>\n',
    );
  });
});
