/** Keeps Fluent's focus manager alive while mounted (ui.tsx FocusManagerScope): a chunk of its own. */
import { useFocusFinders } from '@fluentui/react-tabster';

export function FocusManagerHold() {
  useFocusFinders();
  return null;
}
