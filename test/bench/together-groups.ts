import type { EngineDataset } from '../../main/core/engine-dataset';
import { buildListData, type ListData } from '../../main/engine/lists/list-data';
import { makePerson, type Person } from '../../main/engine/lists/person';
import { topKOf } from '../../main/engine/lists/top-k';
import {
  groupScores,
  memberFloor,
  shippedGroupSettings,
  type GroupRuleSettings,
  type TogetherRule,
} from '../../main/engine/lists/watch-together';
import { fineTuneOrFoldIn } from '../../main/engine/models/fallbacks';
import { getModelDefinition } from '../../main/engine/models';
import type { PersonHistory, TrainedModel } from '../../main/engine/models/model-definition';
import { Rng } from '../../main/engine/numeric/rng';
import type { ListSplit } from '../../main/engine/validation/list-split';
import { ndcgAtK } from '../../main/engine/validation/metrics';
import { trainSetToDataset } from '../../main/eval/engine-adapter';
import { trainSetOf } from '../../main/eval/list-protocol-runs';

/**
 * Groups of new people for measuring "watch together" (the together bench, and
 * test/integration/watch-together.test.ts): the default fitted on a split's training users, each
 * new person folded in and fine-tuned from their visible half as a profile is, their hidden
 * half's movies rated 4 or more as what they would enjoy and 2 or less as what they would not.
 */
export const K = 20;

export interface Member {
  person: Person;
  /** Hidden movies rated 4 and up, in the model's item indices. */
  liked: Set<number>;
  /** Hidden movies rated 2 and below. */
  disliked: Set<number>;
  /**
   * Hidden movies rated 2★ or below on the member's own scale: 2★ moved by how far their visible
   * ratings' mean sits from everyone's (as the own-scale floor moves 3★), so a 2★ from someone who
   * averages 2.3★ is not counted as a dislike, and a 2.5★ from someone who averages 4.5★ is.
   */
  dislikedOwn: Set<number>;
}

export interface Fitted {
  model: TrainedModel;
  data: ListData;
  /** Model item of each split item (-1: unknown to the model). */
  itemOf: Int32Array;
}

/** A group's list of K (model items). */
export type GroupList = (members: Member[], fitted: Fitted) => number[];

/** The default without its sequence network (minutes instead of an hour), on the training users. */
export async function fitDefault(split: ListSplit, dataset: EngineDataset): Promise<Fitted> {
  const definition = await getModelDefinition('recency-hybrid');
  const train = trainSetToDataset(trainSetOf(split, dataset), dataset);
  const settings = { ...definition.defaults, sequenceWeight: 0 };
  const model = await definition.train(train, settings, { seed: 1 });
  const data = buildListData(model, train);
  return {
    model,
    data,
    itemOf: Int32Array.from(split.movieIds, (id) => data.itemOf.get(id) ?? -1),
  };
}

/** The split's new people who liked something in their hidden half, as members. */
export async function membersOf(split: ListSplit, fitted: Fitted): Promise<Member[]> {
  const { itemOf, model, data } = fitted;
  const out: Member[] = [];
  for (const { visible: h, hidden } of split.people) {
    const keep = Array.from(h.items.keys()).filter((t) => itemOf[h.items[t]] >= 0);
    const history: PersonHistory = {
      items: Int32Array.from(keep, (t) => itemOf[h.items[t]]),
      ratings: Float32Array.from(keep, (t) => h.ratings[t]),
      times: Float64Array.from(keep, (t) => h.times[t]),
    };
    const { state } = await fineTuneOrFoldIn(model, history, model.foldIn(history), { seed: 1 });
    const person = makePerson(data, history, state);
    const ownTwo = memberFloor(data, person, 2, 'own');
    const liked = new Set<number>();
    const disliked = new Set<number>();
    const dislikedOwn = new Set<number>();
    hidden.items.forEach((i, t) => {
      if (itemOf[i] < 0) return;
      if (hidden.ratings[t] >= 4) liked.add(itemOf[i]);
      if (hidden.ratings[t] <= 2) disliked.add(itemOf[i]);
      if (hidden.ratings[t] <= ownTwo) dislikedOwn.add(itemOf[i]);
    });
    if (liked.size > 0) out.push({ person, liked, disliked, dislikedOwn });
  }
  return out;
}

/** Groups of 2 and 3 of `n` people: seeded shuffles, the first half cut into pairs, the rest threes. */
export function groupsOf(n: number, rounds: number): number[][] {
  const groups: number[][] = [];
  for (let round = 0; round < rounds; round++) {
    const rng = new Rng(round + 1);
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const size = round < rounds / 2 ? 2 : 3;
    for (let at = 0; at + size <= n; at += size) groups.push(order.slice(at, at + size));
  }
  return groups;
}

/** The app's group list under a rule, with settings changed from what ships. */
export const ruleList =
  (rule: TogetherRule, settings: Partial<GroupRuleSettings> = {}): GroupList =>
  (members, { data }) => {
    const persons = members.map((m) => m.person);
    const { scores } = groupScores(data, persons, rule, { ...shippedGroupSettings, ...settings });
    return topKOf(scores, K, (i) => !Number.isNaN(scores[i])).map((p) => p.id);
  };

const nobodyRated = (members: Member[]) => (i: number) =>
  members.every((m) => m.person.rated[i] === 0);

/** The first member's own For you list, leaving out what anyone in the group rated. */
export const firstMembersList: GroupList = (members, { model, data }) => {
  const { state, history } = members[0].person;
  const scores = new Float32Array(data.nItems);
  model.scoreAll(state, history, scores);
  return topKOf(scores, K, nobodyRated(members)).map((p) => p.id);
};

/** The most rated movies nobody in the group rated. */
export const mostRatedList: GroupList = (members, { data }) =>
  topKOf(Float32Array.from(data.itemPopularity), K, nobodyRated(members)).map((p) => p.id);

/** Per group, the measures of one list. */
export interface GroupMeasures {
  /** NDCG@K on the union of the members' hidden liked movies. */
  union: number[];
  /** The lowest member NDCG@K on their own hidden liked movies. */
  worst: number[];
  /** Listed movies some member rated 2★ or less in their hidden half. */
  disliked: number[];
  /** The same, 2★ on each member's own scale (Member.dislikedOwn). */
  dislikedOwn: number[];
}

export const noMeasures = (): GroupMeasures => ({
  union: [],
  worst: [],
  disliked: [],
  dislikedOwn: [],
});

export function measureList(list: number[], members: Member[], into: GroupMeasures): void {
  into.union.push(ndcgAtK(list, new Set(members.flatMap((m) => [...m.liked])), K));
  into.worst.push(Math.min(...members.map((m) => ndcgAtK(list, m.liked, K))));
  into.disliked.push(list.filter((i) => members.some((m) => m.disliked.has(i))).length);
  into.dislikedOwn.push(list.filter((i) => members.some((m) => m.dislikedOwn.has(i))).length);
}
