import type { ApiStage } from './stages';
import { userFor, type ApiRequest, type UserInfo } from './types';

/** A pipeline stage's trace event as ApiServer.stage makes it: `<name>: <summary>`. */
export interface StageText {
  readonly name: ApiStage;
  readonly text: string;
}

/** The StageText of a stage, made once for a text repeated on every request of a kind. */
export function stageText(name: ApiStage, summary: string): StageText {
  const text = `${name}: ${summary}`;
  // Flat now, once, rather than in every trace listener that reads it.
  text.charCodeAt(0);
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
      c = newCaller(userFor(from));
      this.callers.set(from, c);
    }
    return c;
  }
}

function newCaller(user: UserInfo): Caller {
  /** verb → resource → subresource (`''`: none) → text; each a request's constant string. */
  const authorized = new Map<string, Map<string, Map<string, StageText>>>();
  // A component mostly repeats one kind of request (a kubelet's status patches): the last one's
  // text is checked first, three string comparisons instead of three lookups.
  let lastVerb = '';
  let lastResource = '';
  let lastSub = '';
  let lastText: StageText | undefined;
  return {
    user,
    authentication: stageText('authentication', `authenticated ${user.username}`),
    authorization: (req) => {
      const sub = req.subresource ?? '';
      if (
        lastText !== undefined &&
        req.verb === lastVerb &&
        req.resource === lastResource &&
        sub === lastSub
      )
        return lastText;
      let byResource = authorized.get(req.verb);
      if (!byResource) authorized.set(req.verb, (byResource = new Map()));
      let bySub = byResource.get(req.resource);
      if (!bySub) byResource.set(req.resource, (bySub = new Map()));
      let t = bySub.get(sub);
      if (!t) {
        const target = `${req.resource}${sub ? '/' + sub : ''}`;
        t = stageText('authorization', `${user.username} may ${req.verb} ${target} (Node,RBAC)`);
        bySub.set(sub, t);
      }
      lastVerb = req.verb;
      lastResource = req.resource;
      lastSub = sub;
      lastText = t;
      return t;
    },
  };
}
