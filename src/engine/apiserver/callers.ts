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

/** How many of a caller's recent kinds of request are checked before the lookup by name. */
const RECENT = 4;

function newCaller(user: UserInfo): Caller {
  /** verb → resource → subresource (`''`: none) → text; each a request's constant string. */
  const authorized = new Map<string, Map<string, Map<string, StageText>>>();
  // A component mostly repeats a few kinds of request (a kubelet's pod status patches and
  // Events, its node's status and lease): their texts are checked first, three string
  // comparisons each instead of three lookups. Filled in turn, the oldest replaced.
  const verbs: string[] = [];
  const resources: string[] = [];
  const subs: string[] = [];
  const texts: StageText[] = [];
  let next = 0;
  return {
    user,
    authentication: stageText('authentication', `authenticated ${user.username}`),
    authorization: (req) => {
      const sub = req.subresource ?? '';
      const { verb, resource } = req;
      for (let i = 0; i < texts.length; i++)
        if (verbs[i] === verb && resources[i] === resource && subs[i] === sub) return texts[i];
      let byResource = authorized.get(verb);
      if (!byResource) authorized.set(verb, (byResource = new Map()));
      let bySub = byResource.get(resource);
      if (!bySub) byResource.set(resource, (bySub = new Map()));
      let t = bySub.get(sub);
      if (!t) {
        const target = `${resource}${sub ? '/' + sub : ''}`;
        t = stageText('authorization', `${user.username} may ${verb} ${target} (Node,RBAC)`);
        bySub.set(sub, t);
      }
      verbs[next] = verb;
      resources[next] = resource;
      subs[next] = sub;
      texts[next] = t;
      next = (next + 1) % RECENT;
      return t;
    },
  };
}
