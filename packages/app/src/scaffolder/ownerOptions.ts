import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';

export interface OwnerOption {
  /** What the form submits: the Group's entity ref. */
  value: string;
  /** What the person sees: the Group's title, else its name. */
  label: string;
}

/** The catalog's filter for the Groups a user is a member of. */
export function myGroupsFilter(userEntityRef: string): Record<string, string> {
  return { kind: 'Group', 'relations.hasMember': userEntityRef };
}

/** The choices of the owner field, by label; a Group listed twice is offered once. */
export function ownerOptions(groups: Entity[]): OwnerOption[] {
  const options = new Map<string, OwnerOption>();
  for (const group of groups) {
    if (group.kind.toLowerCase() !== 'group') continue;
    const value = stringifyEntityRef(group);
    options.set(value, { value, label: group.metadata.title ?? group.metadata.name });
  }
  return [...options.values()].sort((a, b) => a.label.localeCompare(b.label));
}
