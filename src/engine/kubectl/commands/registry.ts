/** Every kubectl command this cluster answers, the root usage, and "Did you mean this?". */
import { apiResourcesCommand, apiVersionsCommand } from './apiResources';
import { applyCommand } from './apply';
import { authCommand } from './auth';
import { clusterInfoCommand } from './clusterInfo';
import type { Command } from './context';
import { cordonCommand, drainCommand, uncordonCommand } from './cordon';
import { createCommand } from './create';
import { deleteCommand } from './delete';
import { describeCommand } from './describe';
import { eventsCommand } from './events';
// exec:
import { attachCommand } from './attach';
import { execCommand } from './exec';
import { portForwardCommand } from './portForward';
import { explainCommand } from './explain';
import { exposeCommand } from './expose';
import { getCommand } from './get';
import { annotateCommand, labelCommand } from './label';
import { logsCommand } from './logs';
import { rolloutCommand } from './rollout';
import { runCommand } from './runPod';
import { scaleCommand } from './scale';
import { setCommand } from './set';
import { taintCommand } from './taint';
import { versionCommand } from './version';
// hpa:
import { autoscaleCommand } from './autoscale';
import { topCommand } from './top';

export const COMMANDS = new Map<string, Command>(
  [
    getCommand,
    describeCommand,
    applyCommand,
    createCommand,
    exposeCommand,
    runCommand,
    deleteCommand,
    scaleCommand,
    rolloutCommand,
    setCommand,
    labelCommand,
    annotateCommand,
    taintCommand,
    cordonCommand,
    uncordonCommand,
    drainCommand,
    logsCommand,
    explainCommand,
    apiResourcesCommand,
    // corpus-policy:
    apiVersionsCommand,
    authCommand,
    clusterInfoCommand,
    versionCommand,
    eventsCommand,
    // exec:
    execCommand,
    attachCommand,
    portForwardCommand,
    // hpa:
    autoscaleCommand,
    topCommand,
  ].map((c) => [c.name, c]),
);

/** Sub-commands, for completion. */
export const SUBCOMMANDS: Record<string, string[]> = {
  create: ['configmap', 'deployment', 'job', 'namespace', 'secret', 'service', 'serviceaccount'],
  rollout: ['history', 'pause', 'restart', 'resume', 'status', 'undo'],
  set: ['image'],
  'create service': ['clusterip', 'externalname', 'loadbalancer', 'nodeport'],
  'create secret': ['generic'],
  // hpa:
  top: ['node', 'pod'],
};

export const ROOT_USAGE = `kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

Basic Commands (Beginner):
  create          Create a resource from a file or from stdin
  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service
  run             Run a particular image on the cluster
  set             Set specific features on objects

Basic Commands (Intermediate):
  explain         Get documentation for a resource
  get             Display one or many resources
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Deploy Commands:
  rollout         Manage the rollout of a resource
  scale           Set a new size for a deployment, replica set, or replication controller
  autoscale       Auto-scale a deployment, replica set, stateful set, or replication controller

Cluster Management Commands:
  cluster-info    Display cluster information
  top             Display resource (CPU/memory) usage
  cordon          Mark node as unschedulable
  uncordon        Mark node as schedulable
  drain           Drain node in preparation for maintenance
  taint           Update the taints on one or more nodes

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  logs            Print the logs for a container in a pod
  attach          Attach to a running container
  exec            Execute a command in a container
  port-forward    Forward one or more local ports to a pod
  events          List events

Advanced Commands:
  apply           Apply a configuration to a resource by file name or stdin

Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource

Other Commands:
  api-resources   Print the supported API resources on the server
  api-versions    Print the supported API versions on the server, in the form of "group/version"
  version         Print the client and server version information

Usage:
  kubectl [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

function levenshtein(a: string, b: string): number {
  const d = Array.from(
    { length: a.length + 1 },
    (_, i) => [i, ...Array(b.length).fill(0)] as number[],
  );
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
  }
  return d[a.length][b.length];
}

/** cobra's suggestions: commands within distance 2, or that start with what was typed. */
export function suggestCommands(typed: string): string[] {
  return [...COMMANDS.keys()].filter(
    (c) => levenshtein(typed.toLowerCase(), c) <= 2 || c.startsWith(typed.toLowerCase()),
  );
}
