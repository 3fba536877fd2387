/**
 * The parts of the engine loaded on demand (see ./onDemand.ts): what only a learner's workload
 * runs. Nothing outside this file and the loaders (src/worker/ops/tools.ts, ./onDemandNow.ts)
 * imports it; the engine reaches these through `onDemand()`.
 */

// Shells: `sh -c` scripts and plain commands (`sleep 3600`) in a container.
export { containerFiles, startCommand, startShellScript } from './userland/shell';
// Processes exec'd into a running container: exec probes and hooks, `kubectl exec`.
export { execInContainer, spawnInContainer } from './userland/programs/exec';
// Language runtimes, with the Python interpreter behind `python -c`.
export { goRuntime, nodeRuntime, pythonRuntime } from './userland/programs/runtimes';
// The application images' servers.
export { mongo, mysqlFamily, postgres } from './userland/programs/servers/databases';
export { httpd } from './userland/programs/servers/httpd';
export { nginx } from './userland/programs/servers/nginx';
export { rabbitmq } from './userland/programs/servers/rabbitmq';
export { redis } from './userland/programs/servers/redis';
export { agnhost, httpbin, httpEcho, stress } from './userland/programs/servers/tools';
export { traefik } from './userland/programs/servers/traefik';

// crd: a CustomResourceDefinition's validation, and its custom resources' structural schema.
export { validateCustomResourceDefinition } from './api/crdvalidation';
export { applySchemaDefaults, unknownFields, validateWithSchema } from './api/crSchema';
// net: ingress-nginx's controller process (its manifest is applied with kubectl).
export { IngressNginxController } from './addons/ingressNginx/controller';
// The registry's application images (only the system images are the engine's from the start).
export { APPLICATION_IMAGES } from './node/runtime/imageCatalogue';
