/**
 * Table handlers for API Priority and Fairness's kinds and the admission webhook configurations.
 * k/k (v1.31): pkg/printers/internalversion/printers.go printFlowSchema,
 * printPriorityLevelConfiguration, printValidatingWebhook and printMutatingWebhook.
 */
import type { FlowSchema, PriorityLevelConfiguration } from 'kubernetes-types/flowcontrol/v1';
import type { ValidatingWebhookConfiguration } from 'kubernetes-types/admissionregistration/v1';
import type { KubeObject } from '../../api/types';
import { translateTimestampSince } from '../age';
import type { KindPrinter } from './types';

const NAME = { name: 'Name', isName: true } as const;
const AGE = { name: 'Age' };
const age = (o: KubeObject, now: number): string =>
  translateTimestampSince(o.metadata?.creationTimestamp, now);

/**
 * MISSINGPL is the status of the `Dangling` condition the APF config controller sets (`?`
 * before it has).
 */
export const flowSchemaPrinter: KindPrinter = {
  columns: [
    NAME,
    { name: 'PriorityLevel' },
    { name: 'MatchingPrecedence' },
    { name: 'DistinguisherMethod' },
    AGE,
    { name: 'MissingPL' },
  ],
  row(obj, now) {
    const fs = obj as FlowSchema;
    const dangling = fs.status?.conditions?.find((c) => c.type === 'Dangling');
    return [
      fs.metadata?.name ?? '',
      fs.spec?.priorityLevelConfiguration?.name ?? '',
      String(fs.spec?.matchingPrecedence ?? 0),
      fs.spec?.distinguisherMethod?.type ?? '<none>',
      age(obj, now),
      dangling?.status ?? '?',
    ];
  },
};

/** The queuing columns are `<none>` for an exempt level or one that rejects. */
export const priorityLevelConfigurationPrinter: KindPrinter = {
  columns: [
    NAME,
    { name: 'Type' },
    { name: 'NominalConcurrencyShares' },
    { name: 'Queues' },
    { name: 'HandSize' },
    { name: 'QueueLengthLimit' },
    AGE,
  ],
  row(obj, now) {
    const pl = obj as PriorityLevelConfiguration;
    const limited = pl.spec?.limited;
    const q = limited?.limitResponse?.queuing;
    const cell = (v: number | undefined, on: unknown) => (on ? String(v ?? 0) : '<none>');
    return [
      pl.metadata?.name ?? '',
      pl.spec?.type ?? '',
      cell(limited?.nominalConcurrencyShares, limited),
      cell(q?.queues, q),
      cell(q?.handSize, q),
      cell(q?.queueLengthLimit, q),
      age(obj, now),
    ];
  },
};

/** Validating and mutating configurations alike: how many webhooks each holds. */
export const webhookConfigurationPrinter: KindPrinter = {
  columns: [NAME, { name: 'Webhooks' }, AGE],
  row: (obj, now) => [
    obj.metadata?.name ?? '',
    String((obj as ValidatingWebhookConfiguration).webhooks?.length ?? 0),
    age(obj, now),
  ],
};
