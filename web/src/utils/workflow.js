// The states of an entity as /api/meta declares them (entity.h "Workflows"): labels
// and tag colours of a status, which states are open or final. Nothing here knows a
// state by name; a new state declared by the server shows with its label and a
// colour derived from its place in the declaration.
import { entityMeta, fieldMeta } from '@/store/session';

/** The states of entity: the workflow's [{value,label,open,final}], else the
 * options of its status field (no flags). */
export function states(entity) {
  const m = entityMeta(entity);
  if (!m) return [];
  if (Array.isArray(m.states) && m.states.length) return m.states;
  const f = fieldMeta(entity, m.status_field || 'status');
  return f && f.options ? f.options.map((o) => ({ value: o.value, label: o.label })) : [];
}

/** The label of state value of entity (the value itself when unknown). */
export function stateLabel(entity, value) {
  const s = states(entity).find((x) => x.value === value);
  return s ? s.label : (value ?? '');
}

/** True if value is a final state of entity (销号, 不予受理 …). */
export function isFinal(entity, value) {
  const s = states(entity).find((x) => x.value === value);
  return !!s && !!s.final;
}

/** Values of the open states of entity (the ones counted as 未销号). */
export function openStates(entity) {
  return states(entity).filter((s) => s.open).map((s) => s.value);
}

/**
 * The el-tag type of a state, from the declaration alone: the first final state
 * (the loop's successful end) success, other final states info; of the states
 * before, the first info when there are three or more (a fresh record), the rest
 * alternating warning / primary. A plain status enum (no workflow flags) says
 * nothing about its ends: its first option is warning (waiting), the others info.
 */
export function stateTag(entity, value) {
  const all = states(entity);
  if (!all.some((s) => 'final' in s)) {
    const i = all.findIndex((s) => s.value === value);
    return i === 0 ? 'warning' : 'info';
  }
  const finals = all.filter((s) => s.final);
  const fi = finals.findIndex((s) => s.value === value);
  if (fi === 0) return 'success';
  if (fi > 0) return 'info';
  const rest = all.filter((s) => !s.final);
  const i = rest.findIndex((s) => s.value === value);
  if (i < 0) return 'info';
  if (rest.length >= 3) return i === 0 ? 'info' : (i % 2 ? 'warning' : 'primary');
  return i % 2 ? 'primary' : 'warning';
}

/* Element Plus's colours of the tag types, for charts that colour by state. */
const TAG_HEX = { primary: '#409eff', success: '#67c23a', warning: '#e6a23c', danger: '#f56c6c', info: '#909399' };
export function tagHex(type) { return TAG_HEX[type] || TAG_HEX.info; }
