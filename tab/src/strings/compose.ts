/**
 * One language's strings for the tab: its own texts (../locales) and the bot's names of phases,
 * questions, kinds, partners and counts (bot/i18n/locales), so that the tab and the cards use the
 * same wording. Each language is a module of its own (fi.ts, sv.ts, en.ts), loaded when shown.
 */
import type BotFi from '../../../bot/i18n/locales/fi.json';
import type SessionsFi from '../../../bot/i18n/locales/sessions.fi.json';
import type TabFi from '../locales/fi.json';

type BotJson = typeof BotFi;
type SessionJson = typeof SessionsFi;
type TabJson = typeof TabFi;

export interface BotTexts {
  kinds: BotJson['kinds'];
  stages: BotJson['stages'];
  phases: BotJson['phases'];
  questions: BotJson['questions'];
  decisions: BotJson['decisions'];
  weekdays: BotJson['weekdays'];
  units: BotJson['units'];
  realised: BotJson['realised'];
  realisedShort: BotJson['realisedShort'];
  phaseForm: BotJson['phaseForm'];
  pilotCard: BotJson['pilotCard'];
  status: BotJson['status'];
  figures: BotJson['figures'];
  plan: BotJson['plan'];
  pilotForm: BotJson['pilotForm'];
  validation: BotJson['validation'];
  editFields: BotJson['editFields'];
  targets: BotJson['targets'];
}

export interface SessionTexts {
  partners: SessionJson['partners'];
  countLabels: SessionJson['countLabels'];
  topics: SessionJson['topics'];
  channels: SessionJson['channels'];
  fields: SessionJson['fields'];
}

export function compose(tab: TabJson, bot: BotTexts, session: SessionTexts) {
  return {
    ...tab,
    kinds: bot.kinds,
    stages: bot.stages,
    phases: bot.phases,
    questions: bot.questions,
    decisions: bot.decisions,
    weekdays: bot.weekdays,
    units: bot.units,
    realised: bot.realised,
    realisedShort: bot.realisedShort,
    phaseHeading: bot.phaseForm.headingRealised,
    phaseHeadingNow: bot.phaseForm.headingRealisedNow,
    planValue: bot.pilotCard.planValue,
    planNoTime: bot.pilotCard.planNoTime,
    noPlace: bot.pilotCard.noPlace,
    figures: bot.figures,
    baseline: bot.plan.baseline,
    planTexts: bot.plan,
    pilotForm: bot.pilotForm,
    validation: bot.validation,
    editFields: bot.editFields,
    targets: { ...bot.targets, notComputable: bot.figures.notComputable },
    editedValue: bot.pilotCard.edited,
    unchangedValue: bot.pilotCard.unchanged,
    alreadySavedValue: bot.pilotCard.alreadySaved,
    socialWorkShareLong: bot.status.socialWorkShare,
    partners: session.partners,
    countLabels: session.countLabels,
    topicLabels: session.topics,
    channelLabels: session.channels,
    sessionFields: session.fields,
  };
}

export type TabStrings = ReturnType<typeof compose>;
