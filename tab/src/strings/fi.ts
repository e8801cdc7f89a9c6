/** The tab's strings in Finnish (compose.ts): a module of its own, loaded when the tab is shown in it. */
import {
  kinds,
  stages,
  phases,
  questions,
  decisions,
  weekdays,
  units,
  realised,
  realisedShort,
  phaseForm,
  pilotCard,
  status,
  figures,
  plan,
  pilotForm,
  validation,
  editFields,
  targets,
} from '../../../bot/i18n/locales/fi.json';
import { partners, countLabels, topics, channels, fields } from '../../../bot/i18n/locales/sessions.fi.json';
import tab from '../locales/fi.json';
import { compose } from './compose';

export const strings = compose(
  tab,
  {
    kinds,
    stages,
    phases,
    questions,
    decisions,
    weekdays,
    units,
    realised,
    realisedShort,
    phaseForm,
    pilotCard,
    status,
    figures,
    plan,
    pilotForm,
    validation,
    editFields,
    targets,
  },
  { partners, countLabels, topics, channels, fields },
);
