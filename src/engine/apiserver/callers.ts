import type { ApiStage } from './stages';
import { userFor, type ApiRequest, type UserInfo } from './types';

/** A pipeline stage's trace event as ApiServer.stage makes it: `<name>: <summary>`. */
export interface StageText {
  readonly name: ApiStage;
  readonly text: string;
}

/** The StageText of a stage, made once for a text repeated on every request of a kind. */
export function stageText(name: ApiStage, summary: string): StageText {
  // Joined: one flat string, made once, rather than a rope flattened by every trace listener
  // that reads it (and a rope flattened in place stays, 32 bytes, in front of its flat copy).
  const text = [name, ': ', summary].join('');
  return { name, text };
}

/** An authenticated component: who it is, and the texts of its requests' first two stages. */
export interface Caller {
  readonly user: UserInfo;
  readonly authentication: StageText;
  /** `system:kube-scheduler may create pods/binding (Node,RBAC)`. */
  authorization(req: ApiRequest): StageText;
}

/**
 * The components that called the API server, by network id. Who a component authenticates as,
 * and what its authentication and authorization stages say, is the same for every request of a
 * kind (the two stages are 2 of the ~8 messages of each write): made once, not per request.
 */
export class Callers {
  private readonly callers = new Map<string, Caller>();

  of(from: string): Caller {
    let c = this.callers.get(from);
    if (!c) {
      c = new AuthenticatedCaller(userFor(from));
      this.callers.set(from, c);
    }
    return c;
  }
}

/**
 * An authenticated component and the authorization texts of the kinds of request it has made.
 * scale: kept as one flat list (verb, resource, subresource, text; `''` for no subresource),
 * scanned from the kind last asked for: a component makes a dozen kinds of request, or a few
 * dozen for kube-controller-manager. A map of maps per caller cost ~4 KB a node at 5,000 nodes
 * (a kubelet and a kube-proxy each) for the same dozen texts.
 */
class AuthenticatedCaller implements Caller {
  readonly authentication: StageText;
  private readonly kinds: (string | StageText)[] = [];
  /** Where the kind last asked for starts in `kinds` (a component repeats a kind in bursts). */
  private last = 0;

  constructor(readonly user: UserInfo) {
    this.authentication = stageText('authentication', `authenticated ${user.username}`);
  }

  authorization(req: ApiRequest): StageText {
    const sub = req.subresource ?? '';
    const { verb, resource } = req;
    const kinds = this.kinds;
    const n = kinds.length;
    for (let k = 0, i = this.last; k < n; k += 4, i = i + 4 === n ? 0 : i + 4)
      if (kinds[i] === verb && kinds[i + 1] === resource && kinds[i + 2] === sub) {
        this.last = i;
        return kinds[i + 3] as StageText;
      }
    const target = `${resource}${sub ? '/' + sub : ''}`;
    const t = stageText('authorization', `${this.user.username} may ${verb} ${target} (Node,RBAC)`);
    this.last = n;
    kinds.push(verb, resource, sub, t);
    return t;
  }
}
