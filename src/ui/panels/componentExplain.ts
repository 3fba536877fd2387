/**
 * What each component does, in a paragraph for the inspector: its job, what it writes, and the
 * kubernetes.io concept page that explains it. What it watches is listed live beside this (from
 * its informers), so it is not repeated here.
 */
import type { ComponentKind } from '../../protocol';

export interface ComponentExplanation {
  does: string;
  writes: string;
  /** Title of the page on kubernetes.io that explains it. */
  conceptPage: string;
  /** What to say when it watches nothing. */
  noWatches: string;
}

export const COMPONENT_EXPLAIN: Readonly<Record<ComponentKind, ComponentExplanation>> = {
  'kube-apiserver': {
    does: 'The front door of the cluster: every read and write goes through it. It checks who asks and whether they may (authentication, authorization), fills in defaults and applies policies (admission), validates the object, and stores it in etcd. It also serves the watches every other component keeps open.',
    writes: 'etcd, and nothing else: it is the only component that talks to etcd.',
    conceptPage: 'Kubernetes Components › kube-apiserver; Controlling Access to the Kubernetes API',
    noWatches:
      'Nothing of its own: it serves everyone else’s watches, fed by its own watch on etcd.',
  },
  etcd: {
    does: 'A consistent key-value store that keeps every object of the cluster under /registry/…. Each write gets a new revision number; the API server reads and writes it with transactions and watches it for changes.',
    writes: 'Only its own data, when the API server asks.',
    conceptPage: 'Kubernetes Components › etcd; Operating etcd clusters for Kubernetes',
    noWatches: 'Nothing: it is the store; the API server watches it.',
  },
  'kube-scheduler': {
    does: 'Finds a node for every pod that has none: filters out nodes that cannot run it (resources, taints, affinity), scores the rest, and binds the pod to the best one. It never starts anything itself.',
    writes: 'pods/binding (the chosen node), and Events when a pod cannot be placed.',
    conceptPage: 'Kubernetes Scheduler; Scheduling Framework',
    noWatches: 'Nothing yet: its informers start with it.',
  },
  'kube-controller-manager': {
    does: 'Runs the built-in controllers, each a loop that compares what you asked for with what exists and acts to close the gap: the Deployment controller makes ReplicaSets, the ReplicaSet controller makes Pods, the endpoints controllers track Service backends, the node lifecycle controller notices silent nodes.',
    writes:
      'ReplicaSets, Pods, EndpointSlices, Endpoints, ServiceAccounts and tokens, Node taints, object status, Events.',
    conceptPage: 'Controllers; kube-controller-manager',
    noWatches: 'Nothing yet: its informers start with it.',
  },
  'cloud-controller-manager': {
    does: 'Connects the cluster to its cloud: the node controller labels new nodes with their cloud details, node lifecycle deletes nodes whose VM is gone, the route controller programs pod routes, the service controller creates load balancers for LoadBalancer Services.',
    writes:
      'Node labels and addresses, Service status (the load balancer’s address), and cloud routes and load balancers.',
    conceptPage: 'Cloud Controller Manager',
    noWatches: 'Nothing yet: its informers start with it.',
  },
  kubelet: {
    does: 'The agent on each node: it watches for pods bound to its node, asks the container runtime to set up their sandbox, pull images and start containers, runs probes, and reports each pod’s status and its node’s health.',
    writes: 'pods/status, nodes/status, its node’s Lease (a heartbeat), and Events.',
    conceptPage: 'Kubernetes Components › kubelet; Nodes',
    noWatches: 'Nothing: it is stopped, or has not started its informers.',
  },
  'kube-proxy': {
    does: 'Makes Services work on its node: from Services and EndpointSlices it writes iptables rules so traffic to a Service’s virtual IP reaches one of its pods.',
    writes: 'Nothing in the API: only the node’s iptables rules.',
    conceptPage: 'Virtual IPs and Service Proxies',
    noWatches: 'Nothing: it is stopped, or has not started its informers.',
  },
  'container-runtime': {
    does: 'containerd on the node: it pulls images, creates the pod sandbox, and starts and stops containers when the kubelet asks over the CRI (Container Runtime Interface). It knows nothing of the API server.',
    writes: 'Nothing in the API: images, containers and their logs on the node.',
    conceptPage: 'Container Runtimes; Container Runtime Interface (CRI)',
    noWatches: 'Nothing: it never talks to the API server; the kubelet calls it.',
  },
  kubectl: {
    does: 'The command-line client, outside the cluster: each command you run (or each Apply in the editor) becomes requests to the API server. It keeps no state of its own.',
    writes: 'Whatever your command asks for, through the API server.',
    conceptPage: 'Command line tool (kubectl)',
    noWatches:
      'Nothing while idle: it sends requests only when you run a command (kubectl get -w keeps a watch open while it runs).',
  },
  // hpa:
  'metrics-server': {
    does: 'An addon: every 15 s it asks each kubelet for the CPU and memory its containers used (GET /metrics/resource), and serves the rates as the resource metrics API (metrics.k8s.io), which the API server proxies to it. kubectl top and the HorizontalPodAutoscaler read it.',
    writes: 'Nothing in etcd: it keeps the last samples in memory.',
    conceptPage: 'Resource metrics pipeline',
    noWatches: 'Nothing: it is stopped, or has not started its informers.',
  },
};
