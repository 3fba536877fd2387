/**
 * The stages of kube-apiserver's request pipeline, in order (k/k: the handler chain of
 * staging/src/k8s.io/apiserver/pkg/server/config.go DefaultBuildHandlerChain, then the REST
 * handler's admission and validation), as the API server's `stage` trace events name them and
 * the diagram draws them as chips.
 */
export const API_STAGES = [
  'authentication',
  'authorization',
  'mutating admission',
  'validation',
  'validating admission',
] as const;

export type ApiStage = (typeof API_STAGES)[number];
