import { describe as suite, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { describe, type DescribeRelated } from '.';
import { ep, epRelated, now, ns, nsRelated, svc, svcRelated } from '../../testing/describeFixtures';

suite('describe Service', () => {
  it('prints ports, target ports, node ports and endpoints', () => {
    expect(
      describe(
        'Service',
        svc as unknown as KubeObject,
        svcRelated as unknown as DescribeRelated,
        now,
      ),
    ).toBe(
      'Name:                     web\n' +
        'Namespace:                default\n' +
        'Labels:                   app=web\n' +
        'Annotations:              <none>\n' +
        'Selector:                 app=web\n' +
        'Type:                     NodePort\n' +
        'IP Family Policy:         SingleStack\n' +
        'IP Families:              IPv4\n' +
        'IP:                       10.96.12.7\n' +
        'IPs:                      10.96.12.7\n' +
        'Port:                     <unset>  80/TCP\n' +
        'TargetPort:               80/TCP\n' +
        'NodePort:                 <unset>  30080/TCP\n' +
        'Endpoints:                10.244.1.5:80,10.244.2.7:80\n' +
        'Session Affinity:         None\n' +
        'External Traffic Policy:  Cluster\n' +
        'Internal Traffic Policy:  Cluster\n' +
        'Events:                   <none>\n',
    );
  });
});

suite('describe Endpoints', () => {
  it('prints each subset with its ports table', () => {
    expect(
      describe(
        'Endpoints',
        ep as unknown as KubeObject,
        epRelated as unknown as DescribeRelated,
        now,
      ),
    ).toBe(
      'Name:         web\n' +
        'Namespace:    default\n' +
        'Labels:       app=web\n' +
        'Annotations:  <none>\n' +
        'Subsets:\n' +
        '  Addresses:          10.244.1.5\n' +
        '  NotReadyAddresses:  10.244.2.7\n' +
        '  Ports:\n' +
        '    Name     Port  Protocol\n' +
        '    ----     ----  --------\n' +
        '    <unset>  80    TCP\n' +
        '\n' +
        'Events:  <none>\n',
    );
  });
});

suite('describe Namespace', () => {
  it('prints status and the empty quota and limit range sections', () => {
    expect(
      describe(
        'Namespace',
        ns as unknown as KubeObject,
        nsRelated as unknown as DescribeRelated,
        now,
      ),
    ).toBe(
      'Name:         default\n' +
        'Labels:       kubernetes.io/metadata.name=default\n' +
        'Annotations:  <none>\n' +
        'Status:       Active\n' +
        '\n' +
        'No resource quota.\n' +
        '\n' +
        'No LimitRange resource.\n',
    );
  });
});
