/** rabbitmq-server: its banner, plugins (the management variants) and management UI port. */
import type { RegistryImage } from '../../../node/runtime/images';
import { frac, isoSpace, type ServerSpec, type Timeline } from '../timeline';

/** rabbitmq-server: the banner, then start-up complete; `management` tags serve 15672. */
export function rabbitmq(img: RegistryImage, start: Timeline): ServerSpec {
  const v = img.version ?? '4.0.5';
  const mgmt = img.tag.includes('management');
  const t = () => `${isoSpace(start.wall())}.${frac(start.wall(), 6)}+00:00`;
  start
    .wait(3000)
    .out([
      `${t()} [notice] <0.44.0> Application syslog exited with reason: stopped`,
      `${t()} [notice] <0.254.0> Logging: switching to configured handler(s); following messages may not be visible in this log output`,
    ]);
  start
    .wait(400)
    .out([
      '',
      '  ##  ##      RabbitMQ ' + v,
      '  ##  ##',
      '  ##########  Copyright (c) 2007-2024 Broadcom Inc and/or its subsidiaries',
      '  ######  ##',
      '  ##########  Licensed under the MPL 2.0. Website: https://rabbitmq.com',
      '',
    ]);
  start
    .wait(4500)
    .out([
      `${t()} [info] <0.676.0> Server startup complete; ${mgmt ? 3 : 0} plugins started.`,
      ...(mgmt
        ? [
            `${t()} [info] <0.676.0>  * rabbitmq_prometheus`,
            `${t()} [info] <0.676.0>  * rabbitmq_management`,
            `${t()} [info] <0.676.0>  * rabbitmq_management_agent`,
          ]
        : []),
    ]);
  return {
    start,
    listens: mgmt ? [5672, 15672] : [5672],
    http: (port) =>
      mgmt && port === 15672
        ? {
            status: 200,
            body: '<!DOCTYPE html>\n<html>\n  <head>\n    <title>RabbitMQ Management</title>\n',
          }
        : undefined,
    onStop: (tl) => tl.wait(2000).exit(0),
  };
}
