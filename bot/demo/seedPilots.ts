/**
 * Demo data: the example pilots of the product's seed documents (shared/seeds 000, 001, 003),
 * loaded when the app starts on an empty store.
 *
 * Answers quote the seeds (OCR'd ä/ö restored; very long answers slightly shortened).
 * Session counts are illustrative: the seeds give only totals or qualitative findings
 * ("3 tai 4 koko aikana yhteensä", "ei tavoittanut asiakkaita"), and the per-session numbers
 * below are small whole numbers chosen to agree with them. Times of day the seeds do not give
 * are marked as assumed.
 *
 * Activity only: no client names, no identity codes, no worker names, no e-mail addresses or
 * phone numbers (seed 003's Turku chat transcript holds both: none is copied).
 */
import type { Decision, PilotKind, PilotPlan, PilotStage } from '../domain/pilots';
import type { Answers } from '../domain/phases';
import { CONSULTATION_TOPICS, type ConsultationTopic, type Counts } from '../domain/sessions';
import type { Target } from '../domain/targets';

export interface SeedSession {
  date: string;
  hours: number;
  counts: Counts;
  /** Chosen list values (Kela consultation topics "topic:…"), in the form's list order. */
  tags?: string[];
}

/**
 * A change of the pilot's plan while it ran (pilotEdit.ts applyEdit), as the seed tells it: the
 * parish drop-in moved to district sites after its midpoint and back, with Kela, in January 2018.
 * Sessions logged before `at` keep the place and partners they had.
 */
export interface SeedEdit {
  /** ISO instant of the change. */
  at: string;
  /** The plan's fields that change; the rest of the plan stays as it is. */
  plan: Partial<PilotPlan>;
}

export interface SeedPilot {
  /** Stable slug, e.g. 'raisio-parish-dropin'. */
  key: string;
  /** Finnish pilot name, as in the seed ("Kokeilun nimi"). */
  name: string;
  municipality: string;
  kind: PilotKind;
  /** The plan at the start; `edits` change it later. */
  plan: PilotPlan;
  /** ISO dates, YYYY-MM-DD. */
  startDate: string;
  midpointDate: string;
  endDate: string;
  /** What the figures were before the pilot, as the seed gives them (Pilot.baseline). */
  baseline?: string;
  /** Measurable targets (Pilot.targets), on the kind's measures (targets.ts KIND_MEASURES). */
  targets?: Target[];
  /** Changes of the plan while the pilot ran, in date order. */
  edits?: SeedEdit[];
  /** Last phase with saved answers. */
  stage: PilotStage;
  decision?: Decision;
  /** Why the end decision was taken, in the end form's words (data only: not loaded yet). */
  decisionReason?: string;
  /** The key of the pilot that carries this one on (data only: not loaded yet). */
  successorKey?: string;
  evaluations: { start?: Answers; midpoint?: Answers; end?: Answers };
  sessions: SeedSession[];
}

/**
 * One drop-in slot. `declined` is derived (offeredTalk − wantedToTalk) so that
 * wantedToTalk ≤ offeredTalk ≤ visitors always holds together with the declined count.
 */
function dropIn(
  date: string,
  hours: number,
  c: {
    visitors: number;
    offeredTalk: number;
    wantedToTalk: number;
    socialWorkMatters: number;
    moneyOnlyRequests: number;
    referred?: number;
    appointmentsBooked?: number;
    newClients?: number;
  },
): SeedSession {
  return {
    date,
    hours,
    counts: {
      visitors: c.visitors,
      offeredTalk: c.offeredTalk,
      wantedToTalk: c.wantedToTalk,
      declined: c.offeredTalk - c.wantedToTalk,
      socialWorkMatters: c.socialWorkMatters,
      moneyOnlyRequests: c.moneyOnlyRequests,
      referred: c.referred ?? 0,
      appointmentsBooked: c.appointmentsBooked ?? 0,
      newClients: c.newClients ?? 0,
    },
  };
}

/** One day of the Kela adviser at the social office. */
function kelaDay(date: string, appointments: number, walkIns: number, jointMeetings: number): SeedSession {
  return { date, hours: 6, counts: { appointments, walkIns, jointMeetings } };
}

/** One day with booked appointments (a calendar): booked, walk-ins, joint meetings. */
function bookedDay(
  date: string,
  hours: number,
  appointments: number,
  walkIns: number,
  jointMeetings: number,
): SeedSession {
  return { date, hours, counts: { appointments, walkIns, jointMeetings } };
}

/**
 * One day of the phone line (9–10.30; the Turku chat, 9–11, counts its chats as calls). Calls
 * split by service and by outcome.
 */
function phoneDay(
  date: string,
  adultServices: number,
  familyServices: number,
  passedOn: number,
  hours = 1.5,
): SeedSession {
  const calls = adultServices + familyServices;
  return {
    date,
    hours,
    counts: { calls, adultServices, familyServices, handledAtOnce: calls - passedOn, passedOn },
  };
}

/** One outreach visit: the people met, and those with whom a social-work matter was taken up. */
function visit(date: string, hours: number, participants: number, contacts: number): SeedSession {
  return { date, hours, counts: { participants, contacts } };
}

/**
 * One Wednesday-morning consultation with the Kela expert: the cases brought, each answered at
 * once, referred on, or booked an appointment with Kela (a case may stay open: the sum is at most
 * the cases), and the topics, in the form's list order.
 */
function consultation(
  date: string,
  cases: number,
  outcome: { answered: number; referred: number; kelaAppointments: number },
  topics: ConsultationTopic[],
): SeedSession {
  const tags = CONSULTATION_TOPICS.filter((t) => topics.includes(t)).map((t) => `topic:${t}`);
  return {
    date,
    hours: 1,
    counts: { casesConsulted: cases, ...outcome },
    ...(tags.length ? { tags } : {}),
  };
}

/** One event that no one attended. */
function emptyEvent(date: string, hours: number): SeedSession {
  return { date, hours, counts: { attendees: 0, contacts: 0 } };
}

// ---------------------------------------------------------------------------------------------
// 1. Raisio — social workers at the parish deacons' drop-in (seed 000; also seed 003).
// Seed 003: "Raision aikuissosiaalityön raportoidut kokeilut jalkautumisesta 2017 - 2018".
// Timeline chosen: Oct 2017 – Jan 2018, after the Kela waiting-room pilot (whose end form says
// social workers will join the parish drop-ins together with Kela).
// Midpoint "toteutunut 4 x 2 tuntia": 4 Monday sessions before the midpoint date.
// "Tähän mennessä 3 tai 4 koko aikana yhteensä": we use 4 clients who wanted to talk in all
// (1 + 0 + 2 + 1); most declined (23 of 27 offered).
// As it really ran, in two edits of its plan (SeedEdit, applied by load.ts in date order):
// - the start: the parish alone, at the central parish hall (the start form names no other
//   partner: "Sosiaalityöntekijä on läsnä diakonien päivystyksessä");
// - after the midpoint: three sessions at district sites ("Päivystyksiä kokeiltiin hajautetusti
//   eri alueilla"); the seed names no site, so the place reads as the district parish centres
//   (assumed wording);
// - January 2018: back at the central parish hall ("Nyt palataan takaisin keskustan
//   seurakuntatalolle") with Kela ("Kela tullut mukaan päivystykseen"). The days of the two
//   changes are assumed: the midpoint's day, after its form (Friday 10.11.), and the first
//   working day of 2018.
// Target: illustrative, the seed states none in numbers (its evaluation method is "Keskustelua
// haluavat asiakkaat suhteessa käytettyyn aikaan"): at least one client wanting to talk a session.
// Its successor is the three-partner drop-in (raisioThreePartner below), from February 2018.
// ---------------------------------------------------------------------------------------------
const PARISH_HALL = 'Diakonien päivystys, keskustan seurakuntatalo';

const raisioParish: SeedPilot = {
  key: 'raisio-parish-dropin',
  name: 'Sosiaalityöntekijöiden jalkautuminen seurakunnan päivystykseen',
  municipality: 'Raisio',
  kind: 'dropIn',
  plan: {
    weekdays: [1],
    startTime: '09:00', // assumed; the seed gives "maanantaisin kaksi tuntia" only
    hoursPerSession: 2,
    place: PARISH_HALL,
    partners: ['parish'],
  },
  startDate: '2017-10-16',
  midpointDate: '2017-11-10',
  endDate: '2018-01-26',
  targets: [{ measure: 'wantedToTalkPerSession', op: 'atLeast', value: 1 }],
  edits: [
    // "Päivystyksiä kokeiltiin hajautetusti eri alueilla."
    { at: '2017-11-10T16:00:00.000Z', plan: { place: 'Diakonien päivystys, alueiden seurakuntakodit' } },
    // "Paikaksi palautetaan keskustan seurakuntatalo" — "Kela tullut mukaan päivystykseen."
    { at: '2018-01-02T08:00:00.000Z', plan: { place: PARISH_HALL, partners: ['parish', 'kela'] } },
  ],
  stage: 'end',
  decision: 'continueChanged',
  decisionReason:
    'Nyt palataan takaisin keskustan seurakuntatalolle, koska asiakkaat tuntuvat löytävän sinne parhaiten. Päivystystä jatketaan seurakunnan, sosiaalityön ja Kelan yhteistyönä kerran viikossa keskustan seurakuntatalolla.',
  successorKey: 'raisio-three-partner-dropin',
  evaluations: {
    start: {
      targetGroup:
        'Diakonien päivystyksessä käyvät potentiaaliset sosiaalityön tarpeessa olevat asiakkaat. Lisäksi diakonit; yhteistyön tiivistäminen.',
      problem:
        'Potentiaalisten asiakkaiden saaminen palveluiden piiriin nyt, kun asiakkaat eivät ohjaudu kunnan etuuskäsittelyn kautta. Lisäksi sosiaalitoimen ja seurakunnan yhteistyön tiivistäminen.',
      activity:
        'Sosiaalityöntekijä on läsnä diakonien päivystyksessä, joka maanantaisin kaksi tuntia. Sosiaalityöntekijä on viereisessä huoneessa käytettävissä, mikäli asiakas haluaa keskustella. Diakoni kysyy kaikilta asiakkailta halukkuutta.',
      resources: 'Ajallinen resurssi 2h/viikko.',
      // The seed gives one combined expectations answer, with no negative part.
      expectationsPositive:
        'Lähtöoletuksena oli, että asiakkaat ovat halukkaita keskustelemaan sosiaalityöntekijän kanssa ja voidaan kartoittaa jo alustavasti kokonaistilannetta. Ohjautuminen palveluiden piiriin tarvittaessa.',
      evaluationMethod:
        'Keskustelua haluavat asiakkaat suhteessa käytettyyn aikaan. Sosiaalityön asiat vrt. puhtaasti vain rahalliseen pyyntöön rajautuvat keskustelut.',
    },
    midpoint: {
      targetGroupReached:
        'Hyvin harva asiakas on ollut halukas keskustelemaan sosiaalityöntekijän kanssa. Tähän mennessä 3 tai 4 koko aikana yhteensä. Useimmat ovat kieltäytyneet.',
      reachedInstead: 'Näkyvyys diakoneille ja yhteistyön tiivistäminen.',
      overallAssessment: 'Toistaiseksi asiakkaiden saavutettavuus heikkoa suhteessa käytettyyn aikaresurssiin.',
      additionalNeeds: 'Huomattiin, että kannettava tietokone, jossa ohjelmistot, hyvin tärkeä olla mukana.',
      successesAndFailures: 'Asiakkaita ei ole toistaiseksi tavoitettu. Yhteistyö diakonien kanssa on tiivistynyt.',
      changes:
        'Ehdotamme seurakunnalle, että diakonit voisivat aktiivisemmin pyytää asiakkaalta lupaa kutsua sosiaalityöntekijä mukaan keskusteluun diakonin huoneeseen. Yhteisessä keskustelussa sosiaalityöntekijälle voi tulla mieleen ehdotuksia tai kysymyksiä asiakkaan tilanteeseen liittyen. Toistaiseksi on vain tarjottu asiakkaalle mahdollisuutta keskustella viereisessä huoneessa sosiaalityöntekijän kanssa.',
    },
    end: {
      targetGroupReached:
        'Asiakasmäärät edelleen melko pieniä. Päivystyksiä kokeiltiin hajautetusti eri alueilla. Nyt palataan takaisin keskustan seurakuntatalolle, koska asiakkaat tuntuvat löytävän sinne parhaiten.',
      reachedInstead:
        'Kela mukana päivystyksissä. Kolmen tahon yhteistyö (srk, sosiaalitoimi ja Kela) tuo hyvää mainosta ja kehittää työntekijöiden yhteistyötä.',
      overallAssessment:
        'Uusien toimintatapojen juurtuminen vie aikaa. Seurakunta kokee yhteisen päivystyksen tärkeäksi. Asiakkaille hyvä mahdollisuus hoitaa ja selvittää monta asiaa samalla matalan kynnyksen käynnillä. Tiivistää yhteistyötahojen yhteistoimintaa.',
      additionalNeeds:
        'Kela tullut mukaan päivystykseen. Sosiaalityöntekijöillä nyt kannettava tietokone mukana. Paikaksi palautetaan keskustan seurakuntatalo alueille jalkautumisen yrityksen epäonnistuttua.',
      successesAndFailures:
        'Asiakkaiden tavoittaminen edelleen melko pientä. Mainostusta tehtävä jatkuvasti. Muokkautumiskykyä oltava (paikan vaihtaminen). Kelan saaminen mukaan toimintaan.',
      changes:
        'Jatkuva mainostaminen ja markkinointi, jotta asukkaat löytävät palvelun. Päivystyksen pitäminen aina samaan aikaan ja samassa paikassa helpottaa informoimista.',
      future:
        'Päivystystä jatketaan seurakunnan, sosiaalityön ja Kelan yhteistyönä kerran viikossa keskustan seurakuntatalolla.',
      takeaways:
        'Uusien toimintamuotojen vakiinnuttaminen vie runsaasti aikaa. Yhteistyö eri viranomaistahojen ja kolmannen sektorin välillä tehokasta kunhan asiakkaat tavoitetaan ja he oppivat palvelua käyttämään.',
    },
  },
  sessions: [
    // Before the midpoint: 4 × 2 h, 4 clients wanted to talk in all, mostly money requests.
    dropIn('2017-10-16', 2, {
      visitors: 8,
      offeredTalk: 8,
      wantedToTalk: 1,
      socialWorkMatters: 0,
      moneyOnlyRequests: 1,
    }),
    dropIn('2017-10-23', 2, {
      visitors: 6,
      offeredTalk: 6,
      wantedToTalk: 0,
      socialWorkMatters: 0,
      moneyOnlyRequests: 0,
    }),
    dropIn('2017-10-30', 2, {
      visitors: 9,
      offeredTalk: 8,
      wantedToTalk: 2,
      socialWorkMatters: 1,
      moneyOnlyRequests: 1,
      referred: 1,
    }),
    dropIn('2017-11-06', 2, {
      visitors: 5,
      offeredTalk: 5,
      wantedToTalk: 1,
      socialWorkMatters: 0,
      moneyOnlyRequests: 1,
    }),
    // After the midpoint: district sites (fewer visitors).
    dropIn('2017-11-13', 2, {
      visitors: 3,
      offeredTalk: 3,
      wantedToTalk: 0,
      socialWorkMatters: 0,
      moneyOnlyRequests: 0,
    }),
    dropIn('2017-11-20', 2, {
      visitors: 2,
      offeredTalk: 2,
      wantedToTalk: 1,
      socialWorkMatters: 0,
      moneyOnlyRequests: 1,
    }),
    dropIn('2017-11-27', 2, {
      visitors: 4,
      offeredTalk: 4,
      wantedToTalk: 0,
      socialWorkMatters: 0,
      moneyOnlyRequests: 0,
    }),
    // Back at the central parish hall, Kela taking part.
    dropIn('2018-01-08', 2, {
      visitors: 10,
      offeredTalk: 9,
      wantedToTalk: 2,
      socialWorkMatters: 1,
      moneyOnlyRequests: 1,
      referred: 1,
      appointmentsBooked: 1,
    }),
    dropIn('2018-01-15', 2, {
      visitors: 9,
      offeredTalk: 9,
      wantedToTalk: 1,
      socialWorkMatters: 1,
      moneyOnlyRequests: 0,
      appointmentsBooked: 1,
      newClients: 1,
    }),
    dropIn('2018-01-22', 2, {
      visitors: 11,
      offeredTalk: 10,
      wantedToTalk: 2,
      socialWorkMatters: 1,
      moneyOnlyRequests: 1,
      referred: 1,
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// 2. Raisio — social worker at the Kela service point, Mondays 2 h (seed 003).
// Midpoint "toteutunut 3 x 2 h": 3 Monday sessions before the midpoint date; two more before
// the waiting-room drop-in was stopped. Very low reach: one client in all wanted to talk.
// ---------------------------------------------------------------------------------------------
const raisioKela: SeedPilot = {
  key: 'raisio-kela-service-point',
  name: 'Sosiaalityöntekijän jalkautuminen Kelaan',
  municipality: 'Raisio',
  kind: 'dropIn',
  plan: {
    weekdays: [1],
    startTime: '13:00', // assumed; the seed gives "2h viikossa maanantaisin" only
    hoursPerSession: 2,
    place: 'Kelan Raision palvelupiste, odotustila',
    partners: ['kela'],
  },
  startDate: '2017-09-04',
  midpointDate: '2017-09-22',
  endDate: '2017-10-06',
  stage: 'end',
  decision: 'stop',
  evaluations: {
    start: {
      targetGroup:
        'Kelassa asioivat asiakkaat, joilla mahdollisesti sosiaalityön tarve. Tuki myös Kelan työntekijöille.',
      problem:
        'Kelassa mahdollisesti asiakkaita, joilla myös sosiaalityön tarve etuuksien lisäksi. Osa ei välttämättä ole vielä lainkaan sosiaalityön asiakkaita. Kelasta tullut hyvin vähän ilmoituksia sosiaalityön tarpeesta. Tavoitteena asiakkaiden ohjautuminen tarpeellisten palveluiden piiriin.',
      activity:
        'Sosiaalityöntekijä läsnä Kelassa 2h viikossa maanantaisin. Asiakkailla on mahdollista keskustella ja Kelan työntekijä voi pyytää sosiaalityöntekijän mukaan keskusteluun.',
      resources: 'Ajallinen resurssi 2h viikossa sosiaalityöntekijän työaikaa.',
      expectationsPositive: 'Löytää sosiaalityötä tarvitsevia asiakkaita. Lisäksi yhteyden tiivistäminen Kelaan.',
      expectationsNegative: 'Ei ole tarkoituksenmukaista mennä tekemään hakemusten täyttämisessä avustamista Kelaan.',
      evaluationMethod:
        'Haluavatko asiakkaat keskustella sosiaalityöntekijän kanssa (sosiaalityöhön liittyvät keskustelut). Kelan työntekijöiden kokemus yhteistyöstä. Johtavatko yhteydenotot asiakkuuksiin.',
    },
    midpoint: {
      targetGroupReached:
        'Asiakkaita tavoitettu heikosti. He eivät ole olleet halukkaita keskusteluun sosiaalityöntekijän kanssa.',
      reachedInstead: 'Keskusteluyhteys Kelan työntekijöihin tiivistynyt.',
      overallAssessment: 'Toistaiseksi ajallinen resursointi ja koettu hyöty eivät ole kohdanneet.',
      additionalNeeds:
        'Kannettava tietokone, jossa Effica-tietojärjestelmä. Kelan Raision toimiston odotustila hyvin pieni. Käytännössä odotustilassa ei voi keskustella asiakasasioista.',
      successesAndFailures:
        'Asiakkaat eivät ole olleet odotetusti kiinnostuneita keskustelemisesta sosiaalityöntekijän kanssa.',
      changes:
        'Pohdinnassa muita tapoja tiivistää yhteistyötä Kelan työntekijöiden kanssa, jotka olisivat työajankäytöllisesti järkevämpiä. Ehdotuksia: Yhteinen tapaaminen Kelan ja sosiaalitoimiston työntekijöiden kanssa. Tutustuminen puolin ja toisin. Toiveet ja odotukset. Mitä Kelan työntekijät toivovat yhteistyöstä: Päivystys puhelimessa. Kelan työntekijöiden saavutettavissa tarvittaessa. Voidaan heti puhelimessa katsoa, onko asiakkuutta, onko jotakin sovittua, voidaan varata aika ym.',
    },
    end: {
      targetGroupReached:
        'Asiakkaita tavoitettu heikosti. He eivät ole olleet halukkaita keskusteluun sosiaalityöntekijän kanssa.',
      reachedInstead: '"Kasvot tutuiksi" Kelan paikallistoimiston työntekijöiden kanssa.',
      overallAssessment:
        'Toiminnalla ei tavoitettu asiakkaita. Ajallinen resursointi ja koettu hyöty eivät kohdanneet.',
      additionalNeeds:
        'Kannettava tietokone, jossa Effica-asiakastietojärjestelmä. Kelan Raision toimiston odotustila hyvin pieni. Käytännössä odotustilassa ei voi keskustella asiakasasioista.',
      successesAndFailures:
        'Asiakkaat eivät ole olleet odotetusti kiinnostuneita keskustelemisesta sosiaalityöntekijän kanssa.',
      changes: 'Jalkautuminen Kelan odotustilaan lopetettu. Mietitty muita keinoja yhteistyöhön Kelan kanssa.',
      future:
        'Jalkaudutaan yhdessä Kelan työntekijöiden kanssa seurakunnan päivystyksiin sekä Myllyyn. Kelan kanssa sovittu verkostopalaverien pitämisestä aina tarvittaessa.',
      takeaways:
        'Kokeiltu jalkautumisen paikkaa ja muutetaan toimintaa, joka todettu tehottomaksi. Yhteistyö Kelan kanssa jatkuu muin keinoin.',
    },
  },
  sessions: [
    // Before the midpoint: 3 × 2 h.
    dropIn('2017-09-04', 2, {
      visitors: 12,
      offeredTalk: 4,
      wantedToTalk: 0,
      socialWorkMatters: 0,
      moneyOnlyRequests: 0,
    }),
    dropIn('2017-09-11', 2, {
      visitors: 10,
      offeredTalk: 3,
      wantedToTalk: 1,
      socialWorkMatters: 0,
      moneyOnlyRequests: 1,
    }),
    dropIn('2017-09-18', 2, {
      visitors: 9,
      offeredTalk: 2,
      wantedToTalk: 0,
      socialWorkMatters: 0,
      moneyOnlyRequests: 0,
    }),
    // After the midpoint, until the waiting-room drop-in was stopped.
    dropIn('2017-09-25', 2, {
      visitors: 11,
      offeredTalk: 2,
      wantedToTalk: 0,
      socialWorkMatters: 0,
      moneyOnlyRequests: 0,
    }),
    dropIn('2017-10-02', 2, {
      visitors: 8,
      offeredTalk: 1,
      wantedToTalk: 0,
      socialWorkMatters: 0,
      moneyOnlyRequests: 0,
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// 3. Raisio — monthly drop-in in the parish's space at shopping centre Mylly (seed 003,
// "Jalkautuminen kauppakeskus Myllyyn Raisiossa"). The seed has no phase forms for it: the
// start answers are taken from its description ("Kertokaa toimintamallista lyhyesti",
// "edut"), the midpoint from its challenges ("ei ole tavoittanut ihmisiä toivotusti").
// "Kerran kuukaudessa": planned monthly (plan.ts monthlyWeekday), about 7 slots, not 31.
// Weekday, time and length are not in the seed: the first Thursday of the month, 2 h (assumed;
// the sessions below are each month's first Thursday).
// Started after the Kela pilot, whose end form says Kela will join the Mylly drop-in.
// ---------------------------------------------------------------------------------------------
const raisioMylly: SeedPilot = {
  key: 'raisio-mylly-shopping-centre',
  name: 'Jalkautuminen kauppakeskus Myllyyn Raisiossa',
  municipality: 'Raisio',
  kind: 'dropIn',
  plan: {
    weekdays: [4],
    startTime: '14:00', // assumed
    hoursPerSession: 2, // assumed
    place: 'Seurakunnan tila, kauppakeskus Mylly',
    partners: ['parish', 'kela'],
    frequency: { kind: 'monthlyWeekday', week: '1' },
  },
  startDate: '2017-11-02',
  midpointDate: '2018-02-09',
  endDate: '2018-05-31',
  stage: 'midpoint',
  evaluations: {
    start: {
      targetGroup: 'Sosiaalityön tarpeessa olevat henkilöt, jotka eivät vielä ole löytäneet palveluiden piiriin.',
      problem:
        'Tavoitteena informoida palveluista ja tavoittaa sosiaalityön tarpeessa olevia henkilöitä, jotka eivät vielä ole löytäneet palveluiden piiriin.',
      activity:
        'Sosiaalityöntekijän/sosiaaliohjaajan jalkautuminen seurakunnan tilaan ostoskeskus Myllyssä kerran kuukaudessa. Tarjolla palveluohjausta ja tarvittaessa ajanvaraus sosiaalityöhön.',
      // Read from the activity description; the seed has no separate answer.
      resources:
        'Seurakunnan tila ostoskeskus Myllyssä; sosiaalityöntekijän tai sosiaaliohjaajan työaikaa kerran kuukaudessa.',
      expectationsPositive:
        'Sosiaalityön näkyvyyden lisääminen kuntalaisille ja yhteistyökumppaneille. Tietoisuuden lisääminen aikuissosiaalityön palveluista.',
    },
    midpoint: {
      targetGroupReached:
        'Ihmisten tavoittaminen ostoskeskuksessa ei ole ollut toimiva konsepti. Asiakkaat eivät ole löytäneet tilaan.',
      reachedInstead: 'Ostoskeskuksessa asioi runsaasti myös naapurikunnan asukkaita.',
      overallAssessment: 'Malli ei ole tavoittanut ihmisiä toivotusti.',
      successesAndFailures:
        'Ihmisten tavoittaminen ostoskeskuksessa ei ole ollut toimiva konsepti. Asiakkaat eivät ole löytäneet tilaan.',
      changes:
        'Jalkautumisen paikat ja mallit tulee miettiä tarkasti, jotta niillä tosiasiallisesti tavoitetaan asiakkaita. Tavat on mietittävä ja kokeiltava ja osattava luopua toimimattomasta. Onko ostoskeskus oikea areena tavoittamaan sosiaalityön tarpeessa olevia henkilöitä? Haluavatko ihmiset asioida sosiaalityön asioissa kyseisessä ympäristössä?',
    },
  },
  sessions: [
    dropIn('2017-11-02', 2, {
      visitors: 1,
      offeredTalk: 1,
      wantedToTalk: 1,
      socialWorkMatters: 1,
      moneyOnlyRequests: 0,
      referred: 1,
    }),
    dropIn('2017-12-07', 2, {
      visitors: 0,
      offeredTalk: 0,
      wantedToTalk: 0,
      socialWorkMatters: 0,
      moneyOnlyRequests: 0,
    }),
    dropIn('2018-01-04', 2, {
      visitors: 1,
      offeredTalk: 1,
      wantedToTalk: 0,
      socialWorkMatters: 0,
      moneyOnlyRequests: 0,
    }),
    dropIn('2018-02-01', 2, {
      visitors: 0,
      offeredTalk: 0,
      wantedToTalk: 0,
      socialWorkMatters: 0,
      moneyOnlyRequests: 0,
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// 4. KuusOTSO — Kela adviser at the Alavus social office, 1 day a week from 3 Feb 2021 (seed 001).
// 3 Feb 2021 is a Wednesday, so the weekday is Wednesday; hours per day assumed 6.
// The seed's results ("Arvioinnin tulokset tiivistettynä", l.103–115) and its tips (l.152) are
// the midpoint and end answers; which result went into which form is assumed (the seed gives
// them as one list, written by 10.12.2021). The seed states no continue/stop decision, so none
// is set. Its Wednesday-morning Teams consultation is a pilot of its own (kuusotsoConsultation).
// ---------------------------------------------------------------------------------------------
const kuusotsoKela: SeedPilot = {
  key: 'kuusotso-kela-adviser-alavus',
  name: 'Moniammatillinen Kela-yhteistyötoimintamalli',
  municipality: 'Alavus',
  kind: 'appointment',
  plan: {
    weekdays: [3],
    startTime: '09:00', // assumed
    hoursPerSession: 6, // assumed; the seed says "1 pv/vko"
    place: 'Alavuden sosiaalitoimisto',
    partners: ['kela'],
  },
  startDate: '2021-02-03',
  midpointDate: '2021-06-30',
  endDate: '2021-12-15',
  stage: 'end',
  evaluations: {
    start: {
      targetGroup:
        'Kaikkein heikoimmassa asemassa olevat asiakkaat; Kelan palveluja tarvitsevat kuntalaiset ja sosiaalihuollon asiakkaat Alavudella, jossa ei ole Kelan toimipistettä.',
      problem:
        'Moniammatillisen asiakastyön toimintamallin kehittäminen. Palvelulle on selkeä tarve – Alavudella ei Kelan toimipistettä.',
      activity:
        'Kelan asiakasneuvoja tavattavissa Alavuden sosiaalitoimistossa 3.2.2021 alkaen, 1 pv/vko ajanvarauksella. Sosiaalitoimiston edessä postilaatikko, jonne voi jättää valmiita hakemuksia. Sosiaalihuollon työntekijät voivat välittää yhteydenottopyyntöjä ja varata aikoja Kelan asiantuntijalle. Yhteisiä neuvotteluja moniammatillisesti (käynneillä mukana asiakas + oma sosiaalityöntekijä tai -ohjaaja + Kelan asiakasneuvoja). Asiakasneuvoja ottaa asiakkaita myös "lennosta", jos ei ole varattuja aikoja.',
      resources:
        'Tila ICT-ratkaisuineen, henkilöstöresurssit, yhteistyö toimijoiden välillä, tiedottaminen ja markkinointi.',
      expectationsPositive:
        'Kokonaisvaltainen kuva asiakkaan tilanteesta yhteisissä neuvotteluissa. Ajanvaraus tehostuu, kun Kelan aikoja voi varata Suomi.fi-tunnuksella.',
    },
    midpoint: {
      targetGroupReached:
        'Palvelun saavutettavuus parantunut asiakkaille, Alavudella ei fyysistä Kelan toimipistettä – kaikki eivät osaa eivätkä kykene eri syistä käyttämään verkko- ja puhelinpalveluja.',
      overallAssessment:
        'Kelan toiminta on arvokas lisä alueen kuntalaisille ja sujuvoittaa yhteistyön tekemistä Kelan kanssa.',
      successesAndFailures:
        'Pidetty yhteisiä neuvotteluja moniammatillisesti (käynneillä mukana asiakas + oma sosiaalityöntekijä tai -ohjaaja + Kelan asiakasneuvoja) = kokonaisvaltainen kuva asiakkaan tilanteesta. Kelan asiakasneuvoja ottanut asiakkaita myös "lennosta", jos ei ole ollut varattuja aikoja.',
    },
    end: {
      targetGroupReached:
        'Palvelun saavutettavuus parantunut asiakkaille, Alavudella ei fyysistä Kelan toimipistettä – kaikki eivät osaa eivätkä kykene eri syistä käyttämään verkko- ja puhelinpalveluja.',
      reachedInstead:
        'Kelan työntekijät nähneet arvokkaana myös alueella olemisen. On saatu "kasvot" Kelan työntekijöille ja kanava nopeaan tiedonsaantiin asiakaskysymyksissä.',
      overallAssessment:
        'Kelan toiminta on arvokas lisä alueen kuntalaisille ja sujuvoittaa yhteistyön tekemistä Kelan kanssa. Paljon palveluita tarvitsevien yhteinen tilannearviointi on kehittynyt ja moniammatillinen yhteistyö.',
      additionalNeeds:
        'Sosiaalitoimiston toimistosihteerit työllistyneet erilaisista Kela-kyselyistä, tiedotus/markkinointi nähdään erittäin tärkeänä.',
      successesAndFailures:
        'Paljon palveluita tarvitsevien yhteinen tilannearviointi on kehittynyt ja moniammatillinen yhteistyö. On saatu "kasvot" Kelan työntekijöille. Sosiaalitoimiston toimistosihteerit työllistyneet erilaisista Kela-kyselyistä.',
      future:
        'Mallin käyttöönotto suhteellisen yksinkertaista. Soveltuu käytettäväksi pienillä paikkakunnilla, jossa ei saatavilla palvelua.',
      takeaways:
        'Ratkaistavat asiat: tila ICT-ratkaisuineen, henkilöstöresurssit, yhteistyö toimijoiden välillä, tiedottaminen ja markkinointi.',
    },
  },
  sessions: [
    kelaDay('2021-02-03', 2, 1, 0),
    kelaDay('2021-02-10', 3, 2, 1),
    kelaDay('2021-02-17', 4, 1, 1),
    kelaDay('2021-02-24', 3, 0, 0),
    kelaDay('2021-03-03', 5, 1, 2),
    kelaDay('2021-03-10', 4, 2, 1),
  ],
};

// ---------------------------------------------------------------------------------------------
// 5. KuusOTSO — phone advisory line every weekday 9–10.30 from 2 Aug 2021 (seed 001).
// Seed: 0–6 calls a day, clearly mostly adult social work, only a few family-services calls.
// The 0–6 calls a day are the baseline: three months of call statistics early in 2021, before
// the pilot. Two weeks of sessions in August, one in October and one in late November.
// The seed's results (l.117–135) and tips (l.155) are the midpoint and end answers; which went
// where is assumed. "Puhelumäärät vaihtelee päivittäin 0-10 kpl/päivä/syksyn 2022 tilanne" is
// quoted as the seed writes it, in the end form; the seed was last edited on 11.02.2022, so
// its autumn is most likely that of 2021, the pilot's. The late-November week runs 0–10 calls
// a day to agree with it. Decision 'continueAsIs': "palvelu kohdennetaan jatkossakin vain
// aikuissosiaalityön asiakkaille".
// Target: illustrative, the seed states none in numbers: at least 20 calls a week.
// ---------------------------------------------------------------------------------------------
const kuusotsoPhone: SeedPilot = {
  key: 'kuusotso-phone-advisory',
  name: 'Ohjaus- ja neuvontapuhelin',
  municipality: 'Kuusiokunnat (Alavus, Ähtäri, Kuortane, Soini)',
  kind: 'phoneAdvisory',
  plan: {
    weekdays: [1, 2, 3, 4, 5],
    startTime: '09:00',
    hoursPerSession: 1.5,
    place: 'Puhelin, Kuusiokuntien sosiaalitoimi',
    partners: [],
  },
  startDate: '2021-08-02',
  midpointDate: '2021-10-29',
  endDate: '2021-12-17',
  baseline: '0–6 puhelua päivässä',
  targets: [{ measure: 'callsPerWeek', op: 'atLeast', value: 20 }],
  stage: 'end',
  decision: 'continueAsIs',
  evaluations: {
    start: {
      targetGroup: 'Ohjausta ja neuvontaa tarvitsevat asiakkaat, akuuttia sosiaalityötä tarvitsevat asiakkaat.',
      problem:
        'Akuutin sosiaalityön ohjaus ja neuvonta. Puheluista pidetty tilastoa 3 kuukauden ajan alkuvuodesta 2021 ja puhelujen määrät vaihdelleet 0–6 puhelua päivässä. Tarve on painottunut selvästi aikuissosiaalityöhön, vain muutamia puheluja lapsiperhepalveluihin liittyen.',
      activity:
        'Palveluaikaa laajennettu 2.8. alkaen jokaiselle arkipäivälle klo 9–10.30. Sosiaaliohjaaja hoitaa puheluissa tulleet akuutit tapaukset mahdollisimman pitkälle itse. Jos asiakkuus jo olemassa ja asia vaatii enemmän selvittelyjä, ohjaus omatyöntekijälle.',
      resources:
        'Työryhmä, jonka vastuulla mallin toteuttaminen on. Henkilöstöresurssi ja työnjako: puhelimeen vastaaminen vie yhden henkilön työresurssin vähintään puoli päivää. Puheluihin vastaavien henkilöiden poissaoloihin varautuminen. Markkinointiteksti nettisivuille.',
      evaluationMethod: 'Puheluista pidetään tilastoa.',
    },
    midpoint: {
      targetGroupReached:
        'Tarve on painottunut selvästi aikuissosiaalityöhön, vain muutamia puheluja lapsiperhepalveluihin liittyen.',
      overallAssessment:
        'Ohjaus- ja neuvontapuhelun avulla saatu hoidettua pienimuotoiset neuvontatehtävät/akuutit työt – laadukasta matalan kynnyksen palvelua.',
      additionalNeeds:
        'Työntekijän varattava aikaa neuvonta-ajan jälkeen kirjaamiseen ja asioiden, yksi iso case saattaa muuttaa koko päivän aikataulun.',
      successesAndFailures:
        'Ohjauksen- ja neuvonnan käyttöönotto on helpottanut selvästi muiden työntekijöiden puhelinruuhkaa.',
      changes:
        'Työryhmässä suunniteltu markkinointiteksti nettisivuille laitettavaksi ja tehtiin prosessikaavio ohjaus- ja neuvontapalvelusta.',
    },
    end: {
      targetGroupReached:
        'Puhelumäärät vaihtelee päivittäin 0-10 kpl/päivä/syksyn 2022 tilanne. Tarve on painottunut selvästi aikuissosiaalityöhön.',
      reachedInstead:
        'Laajennettu palveluaika on selkeämpi myös vaihteen sekä yhteistyökumppaneiden näkökulmasta – joka päivä on numero mihin asiakkaan voi ohjata soittamaan, eikä näin kuormiteta alueen muita työntekijöitä, jos asiaa selviää ohjauksella ja neuvonnalla.',
      overallAssessment:
        'Ohjaus- ja neuvontapuhelun avulla saatu hoidettua pienimuotoiset neuvontatehtävät/akuutit työt – laadukasta matalan kynnyksen palvelua. Vältytään asiakkaan pompottamiselta.',
      additionalNeeds:
        'Työntekijän varattava aikaa neuvonta-ajan jälkeen kirjaamiseen ja asioiden, yksi iso case saattaa muuttaa koko päivän aikataulun.',
      successesAndFailures:
        'Ohjauksen- ja neuvonnan käyttöönotto on helpottanut selvästi muiden työntekijöiden puhelinruuhkaa. Vältytään asiakkaan pompottamiselta.',
      changes: 'Markkinointi/KuusSoten nettisivut, flyerit. Toimintamalli kuvattu ja laadittu prosessikaavio.',
      future:
        'Päädytty siihen, että palvelu kohdennetaan jatkossakin vain aikuissosiaalityön asiakkaille, koska sille nähdään olevan selkeä tarve. Lisäksi näkemykseen vaikutti se, ettei Kuussotella ole ns. palveluohjaajaa, joka keskittyisi vain ohjaukseen ja neuvontaan.',
      takeaways:
        'Etsivän työn työorientaatio on tunnistettavissa osaksi ohjauksen ja neuvonnan työtapa. Henkilön, joka puhelimeen vastaa, tulee tuntea alue ja sosiaalipalvelut alueella, sekä tunnistaa asiakkaan palvelun tarve ja laatu.',
    },
  },
  sessions: [
    // date, adult-services calls, family-services calls, passed on to own worker
    phoneDay('2021-08-02', 2, 0, 0),
    phoneDay('2021-08-03', 0, 0, 0),
    phoneDay('2021-08-04', 3, 1, 1),
    phoneDay('2021-08-05', 1, 0, 0),
    phoneDay('2021-08-06', 3, 0, 1),
    phoneDay('2021-08-09', 5, 1, 1),
    phoneDay('2021-08-10', 0, 0, 0),
    phoneDay('2021-08-11', 2, 0, 0),
    phoneDay('2021-08-12', 1, 0, 0),
    phoneDay('2021-08-13', 3, 0, 1),
    // Before the midpoint: a week in October.
    phoneDay('2021-10-18', 4, 0, 1),
    phoneDay('2021-10-19', 2, 1, 0),
    phoneDay('2021-10-20', 6, 0, 1),
    phoneDay('2021-10-21', 3, 0, 0),
    phoneDay('2021-10-22', 5, 1, 2),
    // "0-10 kpl/päivä": a week in late November.
    phoneDay('2021-11-22', 7, 0, 2),
    phoneDay('2021-11-23', 9, 1, 3),
    phoneDay('2021-11-24', 4, 0, 1),
    phoneDay('2021-11-25', 0, 0, 0),
    phoneDay('2021-11-26', 6, 0, 1),
  ],
};

// ---------------------------------------------------------------------------------------------
// 6. KuusOTSO — Kohtaamo PopUp at Tupala, Alavus, Wednesdays 14–17 (seed 001):
// 27.10. working-age adults, 24.11. older people; the year is 2021. No one was reached.
// Stage 'end' from the seed's results; decision 'continueChanged' because the seed plans to try
// going out to events, the health centre or a local market instead ("Kokeillaan mahdollisesti
// kevään-kesän 2022 aikana"). No midpoint form in the seed.
// ---------------------------------------------------------------------------------------------
const kuusotsoPopUp: SeedPilot = {
  key: 'kuusotso-kohtaamo-popup-tupala',
  name: 'Matalan kynnyksen kohtaamispaikat / Kohtaamo PopUpit',
  municipality: 'Alavus',
  kind: 'popUp',
  plan: {
    weekdays: [3],
    startTime: '14:00',
    hoursPerSession: 3,
    place: 'Tupala, Alavus',
    // "Kelan asiakasneuvoja mukana Kohtaamo PopUp:ssa"
    partners: ['kela'],
    plannedSessions: 2,
  },
  startDate: '2021-10-27',
  midpointDate: '2021-11-10',
  endDate: '2021-11-24',
  stage: 'end',
  decision: 'continueChanged',
  evaluations: {
    start: {
      targetGroup:
        'Aikuisväestö (= yli 30-vuotiaat työikäiset) ja ikäihmiset. 27.10. aikuisväestö/työikäiset, 24.11. ikäihmiset.',
      problem:
        'Matalan kynnyksen palveluilla pyritään saavuttamaan asiakkaita, jotka ovat jääneet syystä tai toisesta palvelujärjestelmän ulkopuolelle. Tavoitteena, että kynnys hakeutua palveluihin olisi mahdollisimman alhainen.',
      activity:
        'Matalan kynnyksen ohjausta ja neuvontaa palveluihin elämän eri tilanteissa. Tupalassa Alavudella keskiviikkoiltapäivisin klo 14–17.',
      resources:
        'Markkinointi: KuusSoten nettisivut, Facebook, paikallislehden tapahtumakalenteri, kaupungin tapahtumakalenteri, terveyskeskuksen ja kirjaston ilmoitustaulut, sosiaalitoimiston aula ja huoneissa flyerit, kuntouttavan työtoiminnan paikat.',
      expectationsPositive:
        'Matalan kynnyksen palveluilla voidaan lisätä sosiaalista osallisuutta, erityisesti huono-osaisten parissa.',
    },
    end: {
      targetGroupReached: 'Järjestettiin 2 PopUp-tapahtumaa. Ei tavoittanut asiakkaita.',
      overallAssessment: 'Onko "erikseen järjestetyllä" tapahtumalla liian korkea kynnys pienellä paikkakunnalla?',
      successesAndFailures:
        'Ei tavoittanut asiakkaita. Markkinointi: KuusSoten nettisivut, Facebook, paikallislehden tapahtumakalenteri, kaupungin tapahtumakalenteri, terveyskeskuksen ja kirjaston ilmoitustaulut, sosiaalitoimiston aula ja huoneissa flyerit, kuntouttavan työtoiminnan paikat.',
      changes:
        'Mietitään vaihtoehtona esim. jalkautuminen eri tapahtumiin, terveyskeskukseen, paikalliseen marketiin tms.',
      future: 'Kokeillaan mahdollisesti kevään-kesän 2022 aikana.',
      takeaways: 'Tiedotus ja markkinointi – miten tavoitetaan kaikista heikoimmassa asemassa olevat asiakkaat.',
    },
  },
  sessions: [emptyEvent('2021-10-27', 3), emptyEvent('2021-11-24', 3)],
};

// ---------------------------------------------------------------------------------------------
// 7. Lappeenranta — "Viihdy kotona" housing info for under-30s, with Lappeenrannan Asuntopalvelu
// Oy (seed 003, Socom's Pro Sos examples). Wednesdays 15–17, 8 × 2 h in 2018 on the dates of the
// seed's poster. No one came. The seed has no phase forms: start answers from the poster, end
// answers from "Hyödyt ja haasteet". Decision 'stop' (the seed states no future).
// ---------------------------------------------------------------------------------------------
const lappeenrantaHousing: SeedPilot = {
  key: 'lappeenranta-viihdy-kotona',
  name: 'Viihdy kotona -asumisinfo',
  municipality: 'Lappeenranta',
  kind: 'popUp',
  plan: {
    weekdays: [3],
    startTime: '15:00',
    hoursPerSession: 2,
    place: 'Lappeenrannan Asuntopalvelu, Valtakatu 44',
    partners: ['housingCompany'],
    plannedSessions: 8,
  },
  startDate: '2018-04-11',
  midpointDate: '2018-07-31',
  endDate: '2018-12-12',
  stage: 'end',
  decision: 'stop',
  evaluations: {
    start: {
      targetGroup:
        'Alle 30-vuotiaat nuoret, jotka tekevät ensimmäisen vuokrasopimuksensa Lappeenrannan Asuntopalvelu Oy:n kanssa.',
      problem: 'Ennaltaehkäisy. Asumisen haasteet; tuen hakemisen kynnyksen madaltaminen; neutraali keskustelupaikka.',
      activity:
        'Asumisinfot kerran kuukaudessa, yht. 8 × 2 h, keskiviikkoisin klo 15–17 Lappeenrannan Asuntopalvelussa. Keskustelua asumisesta, vuokralaisen oikeuksista ja velvollisuuksista. Tiedon jakamista asumiseen liittyvästä lainsäädännöstä ja sosiaalietuuksista. Nuorille vertaiskokemuksia uudessa elämäntilanteessa.',
      resources:
        'Lappeenrannan aikuissosiaalityön nuorten tiimin sosiaaliohjaajat ja Lappeenrannan Asuntopalvelu Oy:n yhteistyö.',
      expectationsPositive:
        'Asumisinfo toteutuessaan tukee nuorten asumisen onnistumista ja voi vähentää asunnon menettämiseen liittyviä uhkia.',
    },
    end: {
      targetGroupReached: 'Kohderyhmää ei tavoitettu. Asumisinfoihin ei lopulta tullut osallistujia.',
      reachedInstead:
        'Infoon varattu aika hyödynnettiin yhteistyökumppaneiden välisiin keskusteluihin koskien nuorten asumista.',
      overallAssessment:
        'Toimii sosiaalialan ennaltaehkäisevänä työmenetelmänä. Työskentelyyn oli varattu hyvät resurssit.',
      additionalNeeds: 'Tiedotuksen ja markkinoinnin toteutus oli puutteellista.',
      successesAndFailures:
        '+ Yhteistyö Lpr Asuntopalvelu Oy:n kanssa vahvistui ja tietämys toistemme työtä kohtaan lisääntyi. + Työskentelyyn oli varattu hyvät resurssit. − Kohderyhmää ei tavoitettu. − Tiedotuksen ja markkinoinnin toteutus oli puutteellista. − Tiedotuksen kehittäminen ei onnistunut pyrkimyksistä huolimatta.',
      changes: 'Tiedotuksen kehittäminen ei onnistunut pyrkimyksistä huolimatta.',
      takeaways: 'Yhteistyö Lpr Asuntopalvelu Oy:n kanssa vahvistui ja tietämys toistemme työtä kohtaan lisääntyi.',
    },
  },
  sessions: [
    '2018-04-11',
    '2018-05-16',
    '2018-06-13',
    '2018-08-15',
    '2018-09-12',
    '2018-10-17',
    '2018-11-14',
    '2018-12-12',
  ].map((d) => emptyEvent(d, 2)),
};

// ---------------------------------------------------------------------------------------------
// 8. Kotka and Kouvola — "Lainaa sosionomiopiskelija kirjastosta" (seed 003, Socom with Xamk).
// The seed's year is illegible in the OCR ("kevaalla LOB"): we use spring 2019.
// Kouvola main library 5 days × 2 h, 14.2.–20.2. (the five weekdays of that span);
// Kotka Karhuvuori library 5 days × 4 h within 15.2.–16.3. (taken as the five Fridays
// 15.2.–15.3.). The plan's hoursPerSession is Kotka's 4 h; Kouvola's sessions are 2 h.
// Times of day are not in the seed (assumed). "Pari varsinaista asiakasta ohjattiin
// eteenpäin": 2 referred in all. The seed records no continue/stop decision, so none is set.
// ---------------------------------------------------------------------------------------------
const kymenlaaksoLibrary: SeedPilot = {
  key: 'kotka-kouvola-library-student',
  name: 'Lainaa sosionomiopiskelija kirjastosta',
  municipality: 'Kotka ja Kouvola',
  kind: 'dropIn',
  plan: {
    weekdays: [1, 2, 3, 4, 5],
    startTime: '12:00', // assumed
    hoursPerSession: 4,
    place: 'Kotkan Karhuvuoren kirjasto ja Kouvolan pääkirjasto',
    // The library hosts it; the students came from Kaakkois-Suomen ammattikorkeakoulu Xamk.
    partners: ['library', 'school'],
    plannedSessions: 10,
  },
  startDate: '2019-02-14',
  midpointDate: '2019-02-28',
  endDate: '2019-03-16',
  stage: 'end',
  evaluations: {
    start: {
      targetGroup: 'Kaikki kirjastossa asioivat ihmiset, jotka kaipaavat juttuseuraa, apua ja tukea arjen haasteisiin.',
      problem:
        'Neuvontaa alueella, jossa sitä ei muuten olisi saatavilla. Varhainen tuki vähentää ongelmien kasautumista ja pitkiä asiakkuuksia.',
      activity:
        'Matalan kynnyksen periaatteella toteutettua sosiaali-/palveluohjausta kirjastoympäristössä. Sosionomiopiskelijan lainaus Kotkan Karhuvuoren kirjastossa 5 pv, 4 h kerrallaan, ajalla 15.2.–16.3. ja Kouvolan pääkirjastossa 5 pv, 2 h kerrallaan, ajalla 14.2.–20.2. Asiointi ilman ajanvarausta.',
      resources:
        'Yhteistyössä Socom ja Kaakkois-Suomen ammattikorkeakoulu Xamk. Mainonta: Facebook, kirjastot, lähialueen ilmoitustaulut, mediatiedote.',
      expectationsPositive:
        'Kirjasto varhaisen tuen paikkana. Helposti lähestyttävä sosiaalityö. Neutraali ympäristö ilman leimautumisen pelkoa.',
    },
    end: {
      targetGroupReached: 'Tavoitettavuus jäi heikoksi, potentiaalisia asiakkaita jäi saavuttamatta.',
      reachedInstead: 'Pari varsinaista asiakasta ohjattiin eteenpäin oikeaan palveluun.',
      overallAssessment:
        'Toteutui suunnitelmien mukaisesti. Mahdollisia asiakkaita lähestyttiin aktiivisesti. Kirjaston henkilökunta otti palvelun hyvin vastaan.',
      additionalNeeds: 'Tarjolla oleva kahvi & makeiset voisivat olla mukava lisä.',
      successesAndFailures:
        '+ Asiakkaat kokivat opiskelijat helposti lähestyttäviksi, ja että tulivat hyvin kuulluiksi ja hyötyivät kohtaamisesta. + Mainontaa pyrittiin saamaan useaan paikkaan. +/− Paikallinen media Kouvolassa noteerasi tapahtuman, Kotkassa ei. − Tavoitettavuus jäi heikoksi. − Palvelupisteiden erottuminen muusta kirjaston tilasta ei riittävän selkeää.',
      changes: 'Kehittämisideoita jatkoon: ennakkomainonta kattavammin ja eri kielillä.',
      future: 'Voisi toteuttaa myös muissa yleisissä ja avoimissa ympäristöissä.',
      takeaways:
        'Asiakkaat kokivat opiskelijat helposti lähestyttäviksi, ja että tulivat hyvin kuulluiksi ja hyötyivät kohtaamisesta. Pari varsinaista asiakasta ohjattiin eteenpäin oikeaan palveluun.',
    },
  },
  sessions: [
    // Kouvola main library: 5 days × 2 h, 14.2.–20.2.
    dropIn('2019-02-14', 2, {
      visitors: 4,
      offeredTalk: 4,
      wantedToTalk: 1,
      socialWorkMatters: 1,
      moneyOnlyRequests: 0,
    }),
    dropIn('2019-02-15', 2, {
      visitors: 3,
      offeredTalk: 3,
      wantedToTalk: 0,
      socialWorkMatters: 0,
      moneyOnlyRequests: 0,
    }),
    dropIn('2019-02-18', 2, {
      visitors: 3,
      offeredTalk: 3,
      wantedToTalk: 0,
      socialWorkMatters: 0,
      moneyOnlyRequests: 0,
    }),
    dropIn('2019-02-19', 2, {
      visitors: 5,
      offeredTalk: 4,
      wantedToTalk: 1,
      socialWorkMatters: 1,
      moneyOnlyRequests: 0,
      referred: 1,
    }),
    dropIn('2019-02-20', 2, {
      visitors: 2,
      offeredTalk: 2,
      wantedToTalk: 0,
      socialWorkMatters: 0,
      moneyOnlyRequests: 0,
    }),
    // Kotka Karhuvuori library: 5 days × 4 h, Fridays 15.2.–15.3. (15.2. both libraries were open).
    dropIn('2019-02-15', 4, {
      visitors: 6,
      offeredTalk: 5,
      wantedToTalk: 2,
      socialWorkMatters: 1,
      moneyOnlyRequests: 1,
      referred: 1,
    }),
    dropIn('2019-02-22', 4, {
      visitors: 5,
      offeredTalk: 5,
      wantedToTalk: 1,
      socialWorkMatters: 1,
      moneyOnlyRequests: 0,
    }),
    dropIn('2019-03-01', 4, {
      visitors: 4,
      offeredTalk: 3,
      wantedToTalk: 0,
      socialWorkMatters: 0,
      moneyOnlyRequests: 0,
    }),
    dropIn('2019-03-08', 4, {
      visitors: 6,
      offeredTalk: 5,
      wantedToTalk: 1,
      socialWorkMatters: 0,
      moneyOnlyRequests: 1,
    }),
    dropIn('2019-03-15', 4, {
      visitors: 3,
      offeredTalk: 3,
      wantedToTalk: 1,
      socialWorkMatters: 1,
      moneyOnlyRequests: 0,
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// 9. Raisio — the three-partner drop-in at the central parish hall (seed 000 end form; seed 003):
// the parish drop-in's successor, "Päivystystä jatketaan seurakunnan, sosiaalityön ja Kelan
// yhteistyönä kerran viikossa keskustan seurakuntatalolla". The three partners are the parish,
// social work (the pilot's own side, not a partner) and Kela: "Kolmen tahon yhteistyö (srk,
// sosiaalitoimi ja Kela)". Neither seed names another partner.
// The name is assumed (the seeds give none); the start answers are the parish drop-in's end form
// and start form. Mondays, 2 h, as before; from 5 Feb 2018 (assumed: the first Monday after the
// parish drop-in's end date), to the end of spring (assumed). Only the start form: a few sessions.
// ---------------------------------------------------------------------------------------------
const raisioThreePartner: SeedPilot = {
  key: 'raisio-three-partner-dropin',
  name: 'Seurakunnan, sosiaalityön ja Kelan yhteinen päivystys',
  municipality: 'Raisio',
  kind: 'dropIn',
  plan: {
    weekdays: [1],
    startTime: '09:00', // assumed, as the parish drop-in
    hoursPerSession: 2,
    place: PARISH_HALL,
    partners: ['parish', 'kela'],
  },
  startDate: '2018-02-05',
  midpointDate: '2018-04-06',
  endDate: '2018-06-18',
  stage: 'start',
  evaluations: {
    start: {
      targetGroup: 'Diakonien päivystyksessä käyvät potentiaaliset sosiaalityön tarpeessa olevat asiakkaat.',
      problem:
        'Potentiaalisten asiakkaiden saaminen palveluiden piiriin. Asiakkaiden tavoittaminen edelleen melko pientä. Mainostusta tehtävä jatkuvasti.',
      activity:
        'Päivystystä jatketaan seurakunnan, sosiaalityön ja Kelan yhteistyönä kerran viikossa keskustan seurakuntatalolla. Päivystyksen pitäminen aina samaan aikaan ja samassa paikassa helpottaa informoimista.',
      resources: 'Ajallinen resurssi 2h/viikko. Sosiaalityöntekijöillä nyt kannettava tietokone mukana.',
      expectationsPositive:
        'Kolmen tahon yhteistyö (srk, sosiaalitoimi ja Kela) tuo hyvää mainosta ja kehittää työntekijöiden yhteistyötä. Asiakkaille hyvä mahdollisuus hoitaa ja selvittää monta asiaa samalla matalan kynnyksen käynnillä.',
      expectationsNegative: 'Uusien toimintamuotojen vakiinnuttaminen vie runsaasti aikaa.',
      evaluationMethod:
        'Keskustelua haluavat asiakkaat suhteessa käytettyyn aikaan. Sosiaalityön asiat vrt. puhtaasti vain rahalliseen pyyntöön rajautuvat keskustelut.',
    },
  },
  sessions: [
    dropIn('2018-02-05', 2, {
      visitors: 10,
      offeredTalk: 9,
      wantedToTalk: 2,
      socialWorkMatters: 1,
      moneyOnlyRequests: 1,
      appointmentsBooked: 1,
    }),
    dropIn('2018-02-12', 2, {
      visitors: 12,
      offeredTalk: 11,
      wantedToTalk: 3,
      socialWorkMatters: 2,
      moneyOnlyRequests: 1,
      referred: 1,
      newClients: 1,
    }),
    dropIn('2018-02-19', 2, {
      visitors: 9,
      offeredTalk: 9,
      wantedToTalk: 1,
      socialWorkMatters: 1,
      moneyOnlyRequests: 0,
    }),
    dropIn('2018-02-26', 2, {
      visitors: 11,
      offeredTalk: 10,
      wantedToTalk: 2,
      socialWorkMatters: 2,
      moneyOnlyRequests: 0,
      referred: 1,
      appointmentsBooked: 1,
    }),
    dropIn('2018-03-05', 2, {
      visitors: 10,
      offeredTalk: 10,
      wantedToTalk: 2,
      socialWorkMatters: 1,
      moneyOnlyRequests: 1,
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// 10. KuusOTSO — the Wednesday-morning Teams consultation with the Kela expert (seed 001, l.46):
// "Käynnistetty yhteinen Teams-tapaaminen keskiviikko-aamuisin, jonka kautta myös alueen muista
// kunnista sosiaalihuollon työntekijät pystyvät konsultoimaan Kelan asiantuntijaa."
// A session is one meeting: cases consulted, their outcome, the topics (DOMAIN.md).
// Assumed: the name (the seed's own words), the start (1 Sep 2021, after the summer; the seed
// dates only the Kela model's start, 3.2.2021), 8.30 for an hour, the dates of the phases. The
// start answers are the seed's words on the Kela model (l.38, 46, 107, 113, 152); the evaluation
// method is Polku's own prompt after the meeting (assumed). Only the start form.
// ---------------------------------------------------------------------------------------------
const kuusotsoConsultation: SeedPilot = {
  key: 'kuusotso-kela-consultation',
  name: 'Yhteinen Teams-tapaaminen Kelan asiantuntijan kanssa keskiviikko-aamuisin',
  municipality: 'Kuusiokunnat (Alavus, Ähtäri, Kuortane, Soini)',
  kind: 'kelaConsultation',
  plan: {
    weekdays: [3],
    startTime: '08:30', // assumed; "keskiviikko-aamuisin"
    hoursPerSession: 1, // assumed
    place: 'Teams-tapaaminen',
    partners: ['kela'],
  },
  startDate: '2021-09-01',
  midpointDate: '2021-10-27',
  endDate: '2021-12-15',
  stage: 'start',
  evaluations: {
    start: {
      targetGroup: 'Sosiaalihuollon työntekijät Kuusiokunnissa ja myös alueen muista kunnista.',
      problem:
        'Moniammatillisen asiakastyön toimintamallin kehittäminen. Sosiaalihuollon työntekijöille kanava konsultoida Kelan asiantuntijaa asiakaskysymyksissä.',
      activity:
        'Käynnistetty yhteinen Teams-tapaaminen keskiviikko-aamuisin, jonka kautta myös alueen muista kunnista sosiaalihuollon työntekijät pystyvät konsultoimaan Kelan asiantuntijaa.',
      resources:
        'Tila ICT-ratkaisuineen, henkilöstöresurssit, yhteistyö toimijoiden välillä, tiedottaminen ja markkinointi.',
      expectationsPositive:
        'Kanava nopeaan tiedonsaantiin asiakaskysymyksissä. Sujuvoittaa yhteistyön tekemistä Kelan kanssa.',
      evaluationMethod:
        'Tapaamisen jälkeen kirjataan konsultoidut tapaukset, aiheet ja lopputulos (vastattu heti / ohjattu eteenpäin / ajanvaraus Kelaan).',
    },
  },
  sessions: [
    consultation('2021-09-01', 2, { answered: 2, referred: 0, kelaAppointments: 0 }, [
      'basicAssistance',
      'housingAllowance',
    ]),
    consultation('2021-09-08', 4, { answered: 2, referred: 1, kelaAppointments: 1 }, [
      'basicAssistance',
      'unemploymentBenefits',
      'sicknessAndRehabilitation',
    ]),
    consultation('2021-09-15', 1, { answered: 1, referred: 0, kelaAppointments: 0 }, ['housingAllowance']),
    consultation('2021-09-22', 3, { answered: 1, referred: 0, kelaAppointments: 2 }, [
      'basicAssistance',
      'housingAllowance',
    ]),
    // A meeting no one brought a case to.
    consultation('2021-09-29', 0, { answered: 0, referred: 0, kelaAppointments: 0 }, []),
    consultation('2021-10-06', 3, { answered: 2, referred: 1, kelaAppointments: 0 }, [
      'sicknessAndRehabilitation',
      'pensions',
    ]),
    consultation('2021-10-13', 2, { answered: 1, referred: 0, kelaAppointments: 1 }, [
      'housingAllowance',
      'familyBenefits',
    ]),
    // One case left open for the next meeting: 3 outcomes of 4 cases.
    consultation('2021-10-20', 4, { answered: 2, referred: 0, kelaAppointments: 1 }, [
      'basicAssistance',
      'housingAllowance',
      'studentSupport',
    ]),
  ],
};

// ---------------------------------------------------------------------------------------------
// 11. Naantali — the multiprofessional outreach substance-abuse team (seed 003, l.140–177 and the
// workshop notes l.195–207): "Asiakkaita noin 200 per vuosi"; the team "2 x terveydenhoitaja,
// sosiaaliohjaaja, asumispalveluohjaaja, 2 x hoitaja, sosiaalityöntekijä sekä
// kokemusasiantuntija". Kind 'groupOutreach': a session is one outreach day of the team
// (participants: the people met; contacts: those with whom a social-work matter was taken up).
// About 200 clients a year is some 4 a working day, so 3–6 people a visit.
// Start answers from the seed's description, advantages (positive) and challenges (negative);
// end answers from the workshop notes ("vakiintunut ja toimiva käytäntö"), hence 'continueAsIs'.
// Assumed: the dates (spring 2018, during the Vasso workshops), Tuesdays, 4 h from 9.00, the place.
// Partners: the nurses come from health care ('healthCentre'); the experience expert and the
// housing-services adviser are 'other'. No midpoint form in the seed.
// ---------------------------------------------------------------------------------------------
const naantaliTeam: SeedPilot = {
  key: 'naantali-outreach-substance-team',
  name: 'Naantalin moniammatillinen jalkautuva päihdetiimi',
  municipality: 'Naantali',
  kind: 'groupOutreach',
  plan: {
    weekdays: [2],
    startTime: '09:00', // assumed
    hoursPerSession: 4, // assumed
    place: 'Asiakkaiden kodit ja arjen ympäristöt, Naantali',
    partners: ['healthCentre', 'other'],
  },
  startDate: '2018-03-06',
  midpointDate: '2018-04-24',
  endDate: '2018-06-12',
  stage: 'end',
  decision: 'continueAsIs',
  evaluations: {
    start: {
      targetGroup:
        'Asiakkaina paljon palveluita käyttäviä, tiivistä moniammatillista tukea tarvitsevia. Tyypillisimmin alueella lapsuudesta asti asuneita pitkäaikaisasiakkaita.',
      problem:
        'Lähemmäksi asiakkaan arkea. Enemmän jalkautumista. Myös esimerkiksi toimistossa pöytä pitäisi saada pois välistä!',
      activity:
        'Asiakkaan tarpeista lähtevää yksilöllistä jalkautuvaa moniammatillista sosiaalityötä, jota tehdään arjessa rinnalla kulkemalla. Päihdetyötä tehdään haittoja vähentävästä työstä korjaavaan työhön, aina toipumistyöskentelyyn asti sosiaali- ja terveydenhuollon perustason palveluissa. Asiakkaita noin 200 per vuosi.',
      resources:
        'Tiimissä 2 x terveydenhoitaja, sosiaaliohjaaja, asumispalveluohjaaja, 2 x hoitaja, sosiaalityöntekijä sekä kokemusasiantuntija. Jalkautuva työ vaatii työmenetelmien joustavaa soveltamista, kuten kotikäynneillä tietotekniikan hyödyntämistä tai toimiston pitämistä autossa.',
      expectationsPositive:
        'Luukuttaminen vähenee. Asiakkaalle on nimetty omatyöntekijä ja erityistä tukea tarvitseville sosiaalityöntekijä. Asiakas voi soittaa kenelle tahansa meistä virka-aikaan. Toimeentulotukiasiat voidaan hoitaa esim. lääkehoidon yhteydessä. Päällekkäisyys työssä vähenee kun tiimi hoitaa kokonaisvaltaisesti yhteisen suunnitelman mukaan. Kokemusasiantuntija tuo luottamuksen asiakkaisiin päin – hänelle on helpompi avautua.',
      expectationsNegative:
        'Työ vaatii oikeat tekijät – tilanteet ja aikataulut vaihtuvat jolloin joustavuutta tarvitaan. Työntekijöiltä edellytetään pitkäjänteisyyttä, erinomaisia vuorovaikutustaitoja, kykyä työskennellä erilaisissa olosuhteissa itsenäisesti sekä tiimityöskentelyn taitoja. Työtä on tehtävä läpinäkyvästi ja luotettavasti suhteessa asiakkaisiin.',
      evaluationMethod: 'Asiakashaastattelut.',
    },
    end: {
      targetGroupReached:
        'Naantalissa on sosiaaliohjaajien jalkautuva työtapa vakiintunut ja toimiva käytäntö. Terveysneuvontaan kytkettynä on tavoitettu nuoria päihteidenkäyttäjiä.',
      reachedInstead: 'Työnkuvaksi on muodostunut myös etsivä työ ja se, että aikaisemmat asiakkaat ohjaavat uusia.',
      overallAssessment:
        'Asiakaspalaute onkin ollut positiivista, sosiaalityöntekijän tunteminen ja lähestyminen on helpompaa ja miellyttävämpää kuin virastossa asioiminen. Toiminnan vaikuttavuus on havaittu erityisesti katkaisuhoidossa olevien asiakkaiden kohdalla.',
      successesAndFailures:
        'Sosiaalityöntekijä on vieraillut katkolla, jolloin asiakkaan tilanteeseen on kyetty vaikuttamaan mahdollisimman nopeasti ja ennaltaehkäisevästi. Myös taloudellisia vaikutuksia on ollut, sillä kohderyhmänä olevat asiakkaat hakevat viime sijassa palveluita "kalliimman kautta", esimerkiksi asiakkaat päätyvät sairaalan vuodeosastolle.',
      changes: 'Lähemmäksi asiakkaan arkea. Enemmän jalkautumista.',
      future:
        'Oman alueen ja asiakaskunnan tuntevat työntekijät ovat työskentelyssä avainasemassa. Tuttujen työntekijöiden tavoitettavuus on tärkeää.',
      takeaways:
        'Asiakashaastatteluiden perusteella: tärkeää pysyvä työntekijä. Tässä työssä tarvitaan sitkeyttä ja positiivisten asioiden näkemistä myös pienissä arjen onnistumisissa. Matalan kynnyksen kohtaamisia, kotikäyntejä ja palveluihin yhdessä menemistä pidetään elintärkeinä.',
    },
  },
  sessions: [
    // date, hours, people met, social-work contacts
    visit('2018-03-06', 4, 5, 4),
    visit('2018-03-13', 4, 4, 3),
    visit('2018-03-20', 4, 6, 4),
    visit('2018-03-27', 4, 3, 3),
    visit('2018-04-10', 4, 5, 4),
    visit('2018-04-17', 4, 4, 2),
    visit('2018-04-24', 4, 6, 5),
    visit('2018-05-08', 4, 5, 4),
    visit('2018-05-15', 4, 4, 4),
    visit('2018-05-22', 4, 3, 2),
    visit('2018-06-05', 4, 5, 4),
  ],
};

// ---------------------------------------------------------------------------------------------
// 12. Turku — social work at the health centre, with calendar booking (seed 003, l.214–217):
// "Turussa jalkautumisesta terveyskeskukseen on saatu lupaavia tuloksia. Kalenterivaraus on ollut
// käytössä." Kind 'appointment': the clients came by calendar booking (appointments), some
// without one (walk-ins), a few with the health centre's staff (joint meetings).
// Assumed: the name, the dates (spring 2018), Tuesdays 4 h from 9.00, the place (the seed names
// no health centre), the start answers other than the problem (l.216–217). The midpoint answers
// quote l.214–215; the change asked for is the workshop's challenge of l.411. Stage 'midpoint':
// the seed reports "lupaavia tuloksia", no end.
// ---------------------------------------------------------------------------------------------
const turkuHealthCentre: SeedPilot = {
  key: 'turku-health-centre-social-work',
  name: 'Sosiaalityön jalkautuminen terveyskeskukseen',
  municipality: 'Turku',
  kind: 'appointment',
  plan: {
    weekdays: [2],
    startTime: '09:00', // assumed
    hoursPerSession: 4, // assumed
    place: 'Terveyskeskus, Turku',
    partners: ['healthCentre'],
  },
  startDate: '2018-01-16',
  midpointDate: '2018-03-27',
  endDate: '2018-06-26',
  stage: 'midpoint',
  evaluations: {
    start: {
      targetGroup: 'Terveyskeskuksessa asioivat aikuiset, joilla on sosiaalityön tarve.',
      problem:
        'Terveyskeskusten oma sosiaalityö alkaa olla harvinaisuus ja jäljellä olevatkin työskentelevät pitkälti osastotyössä.',
      activity:
        'Sosiaalityöntekijä jalkautuu terveyskeskukseen viikoittain. Asiakasajat varataan kalenterivarauksella; ilman varausta tulevat otetaan vastaan tilanteen mukaan.',
      resources: 'Sosiaalityöntekijän työaikaa, tila terveyskeskuksessa ja kalenterivaraus.',
      expectationsPositive: 'Sosiaalityö tavoittaa terveyskeskuksessa asioivat asiakkaat lähellä heidän arkeaan.',
      evaluationMethod: 'Varatut ajat, ilman varausta tulleet ja yhteiset tapaamiset terveydenhuollon kanssa.',
    },
    midpoint: {
      targetGroupReached: 'Turussa jalkautumisesta terveyskeskukseen on saatu lupaavia tuloksia.',
      overallAssessment:
        'Jalkautumisesta terveyskeskukseen on saatu lupaavia tuloksia. Kalenterivaraus on ollut käytössä.',
      successesAndFailures:
        'Lupaavia tuloksia. Terveysongelmien poisrajaamisessa tehtävänkuvasta on ollut pientä huolta.',
      changes:
        'Muiden professioiden (esim. lääkärien) totuttaminen ohjaamaan asiakkaita sosiaalityöhön vaatii aikansa.',
    },
  },
  sessions: [
    // date, hours, booked appointments, walk-ins, joint meetings with health care
    bookedDay('2018-01-16', 4, 2, 1, 0),
    bookedDay('2018-01-23', 4, 3, 0, 1),
    bookedDay('2018-01-30', 4, 3, 1, 1),
    bookedDay('2018-02-06', 4, 4, 0, 1),
    bookedDay('2018-02-13', 4, 2, 2, 0),
    bookedDay('2018-02-20', 4, 4, 1, 2),
    bookedDay('2018-02-27', 4, 3, 1, 1),
    bookedDay('2018-03-06', 4, 4, 0, 1),
    bookedDay('2018-03-13', 4, 3, 2, 1),
    bookedDay('2018-03-20', 4, 4, 1, 1),
  ],
};

// ---------------------------------------------------------------------------------------------
// 13. Turku — the shopping centre's multi-service point (seed 003, l.211–212): "Kauppakeskuksen
// monitoimipisteeseen jalkautumista kokeiltiin myös Turussa, mutta puolen vuoden kokeilusta ei
// saatu rohkaisevia tuloksia asiakaskontaktien jäädessä puuttumaan."
// About half a year: 7 Sep 2017 – 22 Feb 2018. Every other Thursday, 3 h from 12.00 (assumed);
// the slot between Christmas and New Year (28.12.) was not held. No one came: every count is 0,
// and a 0 is recorded (not left out). Decision 'stop' read from the seed's past tense and its
// result. Assumed: the name, the dates, the start answers (the model of Raisio's Mylly drop-in,
// seed 003 l.105–110). The end's takeaway is the workshop's "Kyky luopua toimimattomista
// ratkaisuista" (l.440). No midpoint form.
// ---------------------------------------------------------------------------------------------
const turkuShoppingCentre: SeedPilot = {
  key: 'turku-shopping-centre-service-point',
  name: 'Jalkautuminen kauppakeskuksen monitoimipisteeseen',
  municipality: 'Turku',
  kind: 'dropIn',
  plan: {
    weekdays: [4],
    startTime: '12:00', // assumed
    hoursPerSession: 3, // assumed
    place: 'Kauppakeskuksen monitoimipiste, Turku',
    partners: [],
    frequency: { kind: 'everyOtherWeek' },
  },
  startDate: '2017-09-07',
  midpointDate: '2017-11-30',
  endDate: '2018-02-22',
  stage: 'end',
  decision: 'stop',
  evaluations: {
    start: {
      targetGroup: 'Sosiaalityön tarpeessa olevat henkilöt, jotka eivät vielä ole löytäneet palveluiden piiriin.',
      problem: 'Tavoitteena informoida palveluista ja tavoittaa sosiaalityön tarpeessa olevia henkilöitä.',
      activity:
        'Sosiaalityöntekijän jalkautuminen kauppakeskuksen monitoimipisteeseen joka toinen viikko. Tarjolla palveluohjausta ja tarvittaessa ajanvaraus sosiaalityöhön.',
      expectationsPositive: 'Sosiaalityön näkyvyyden lisääminen kuntalaisille ja yhteistyökumppaneille.',
    },
    end: {
      targetGroupReached:
        'Puolen vuoden kokeilusta ei saatu rohkaisevia tuloksia asiakaskontaktien jäädessä puuttumaan.',
      overallAssessment: 'Ei rohkaisevia tuloksia: asiakaskontaktit jäivät puuttumaan.',
      successesAndFailures: 'Asiakaskontaktit jäivät puuttumaan.',
      takeaways: 'Kyky luopua toimimattomista ratkaisuista / menetelmistä.',
    },
  },
  sessions: [
    '2017-09-07',
    '2017-09-21',
    '2017-10-05',
    '2017-10-19',
    '2017-11-02',
    '2017-11-16',
    '2017-11-30',
    '2017-12-14',
    '2018-01-11',
    '2018-01-25',
    '2018-02-08',
    '2018-02-22',
  ].map((d) =>
    dropIn(d, 3, { visitors: 0, offeredTalk: 0, wantedToTalk: 0, socialWorkMatters: 0, moneyOnlyRequests: 0 }),
  ),
};

// ---------------------------------------------------------------------------------------------
// 14. Lieto — a social worker at the health centre on Wednesdays (seed 003, l.221–224):
// "Liedossa sosiaalityöntekijä jalkautui keskiviikkoisin terveyskeskukseen. Yksi päivä todettiin
// riittämättömäksi. Asiakkaat koostuvat pääosin iäkkäistä ihmisistä, jotka odottavat pääsyä
// tehostettuihin asumispalveluihin."
// Kind 'dropIn'. One day a week: 6 h from 9.00 (assumed). Most who came wanted to talk, and
// more was booked for other days than one day could take (the day was found too short).
// Assumed: the name, the dates (spring 2018), the place, the start answers other than the
// activity. Stage 'midpoint': the seed's findings, no end.
// ---------------------------------------------------------------------------------------------
const lietoHealthCentre: SeedPilot = {
  key: 'lieto-health-centre-wednesdays',
  name: 'Sosiaalityöntekijän jalkautuminen terveyskeskukseen keskiviikkoisin',
  municipality: 'Lieto',
  kind: 'dropIn',
  plan: {
    weekdays: [3],
    startTime: '09:00', // assumed
    hoursPerSession: 6, // assumed; "Yksi päivä"
    place: 'Liedon terveyskeskus',
    partners: ['healthCentre'],
  },
  startDate: '2018-01-10',
  midpointDate: '2018-03-07',
  endDate: '2018-05-30',
  stage: 'midpoint',
  evaluations: {
    start: {
      targetGroup: 'Terveyskeskuksessa asioivat aikuiset ja iäkkäät, joilla on sosiaalityön tarve.',
      problem: 'Sosiaalityön tuominen terveyskeskukseen, lähelle asiakkaita.',
      activity: 'Sosiaalityöntekijä jalkautuu keskiviikkoisin terveyskeskukseen.',
      resources: 'Sosiaalityöntekijän työaikaa yksi päivä viikossa.',
      evaluationMethod: 'Keskustelua haluavat asiakkaat suhteessa käytettyyn aikaan.',
    },
    midpoint: {
      targetGroupReached:
        'Asiakkaat koostuvat pääosin iäkkäistä ihmisistä, jotka odottavat pääsyä tehostettuihin asumispalveluihin.',
      reachedInstead:
        'Liedossa toimii moniammatillinen geriatrian arviointiyksikkö, joka toimii sairaalan osaston sisällä. Se on enemmän terveydenhuollollinen palvelu, mutta sosiaalityöntekijä pyrkii tuomaan sosiaalityötä vahvasti esiin.',
      overallAssessment: 'Yksi päivä todettiin riittämättömäksi.',
    },
  },
  sessions: [
    dropIn('2018-01-10', 6, {
      visitors: 5,
      offeredTalk: 5,
      wantedToTalk: 4,
      socialWorkMatters: 4,
      moneyOnlyRequests: 0,
      referred: 1,
      appointmentsBooked: 1,
    }),
    dropIn('2018-01-17', 6, {
      visitors: 6,
      offeredTalk: 6,
      wantedToTalk: 5,
      socialWorkMatters: 5,
      moneyOnlyRequests: 0,
      referred: 1,
      appointmentsBooked: 2,
      newClients: 1,
    }),
    dropIn('2018-01-24', 6, {
      visitors: 7,
      offeredTalk: 7,
      wantedToTalk: 6,
      socialWorkMatters: 5,
      moneyOnlyRequests: 1,
      referred: 2,
      appointmentsBooked: 2,
    }),
    dropIn('2018-01-31', 6, {
      visitors: 6,
      offeredTalk: 6,
      wantedToTalk: 5,
      socialWorkMatters: 5,
      moneyOnlyRequests: 0,
      referred: 1,
      appointmentsBooked: 3,
      newClients: 1,
    }),
    dropIn('2018-02-07', 6, {
      visitors: 8,
      offeredTalk: 8,
      wantedToTalk: 7,
      socialWorkMatters: 6,
      moneyOnlyRequests: 1,
      referred: 2,
      appointmentsBooked: 3,
    }),
    dropIn('2018-02-14', 6, {
      visitors: 7,
      offeredTalk: 7,
      wantedToTalk: 6,
      socialWorkMatters: 6,
      moneyOnlyRequests: 0,
      referred: 1,
      appointmentsBooked: 2,
      newClients: 1,
    }),
    dropIn('2018-02-21', 6, {
      visitors: 6,
      offeredTalk: 6,
      wantedToTalk: 6,
      socialWorkMatters: 5,
      moneyOnlyRequests: 0,
      referred: 2,
      appointmentsBooked: 2,
    }),
    dropIn('2018-02-28', 6, {
      visitors: 8,
      offeredTalk: 8,
      wantedToTalk: 7,
      socialWorkMatters: 7,
      moneyOnlyRequests: 0,
      referred: 1,
      appointmentsBooked: 3,
      newClients: 1,
    }),
    dropIn('2018-03-07', 6, {
      visitors: 7,
      offeredTalk: 7,
      wantedToTalk: 6,
      socialWorkMatters: 6,
      moneyOnlyRequests: 0,
      referred: 2,
      appointmentsBooked: 2,
    }),
  ],
};

// ---------------------------------------------------------------------------------------------
// 15. Turku — the social services' advice chat, weekdays 9–11 (seed 003, l.249–363). Kind
// 'phoneAdvisory': a chat counts as a call; adult vs family services, and handled at once vs
// passed on ("Joissain tapauksissa joudutaan kuitenkin ohjaamaan ottamaan yhteyttä puhelimitse
// infoon tai käymään siellä henkilökohtaisesti"). The seed describes a running service: its
// description is the start form, its advantages and challenges the midpoint (as for Mylly).
// Assumed: the dates (autumn 2018, before the turn-of-the-year reorganisation the seed
// mentions), the chats a day. Nothing from the seed's chat transcript is copied (it holds an
// e-mail address and a worker's name), nor the service's phone number or address.
// ---------------------------------------------------------------------------------------------
const turkuChat: SeedPilot = {
  key: 'turku-advice-chat',
  name: 'Sosiaalipalvelujen asiakasneuvonnan chat',
  municipality: 'Turku',
  kind: 'phoneAdvisory',
  plan: {
    weekdays: [1, 2, 3, 4, 5],
    startTime: '09:00',
    hoursPerSession: 2,
    place: 'Chat, Turun sosiaalipalvelujen asiakasneuvonta',
    partners: [],
  },
  startDate: '2018-10-01',
  midpointDate: '2018-11-30',
  endDate: '2018-12-21',
  stage: 'midpoint',
  evaluations: {
    start: {
      targetGroup:
        'Sosiaalipalveluista kysyvät (esimerkiksi taloudelliset vaikeudet, elämänkriisit, arjen hankaluudet, päihdeongelmat, muu hankala elämäntilanne). Chat on kenen tahansa käytettävissä asuinpaikasta riippumatta.',
      problem:
        'Toimeentulotuen hakemiseen liittyvät kysymykset: jos et tiedä, kuuluuko toimeentulotukiasiasi tai -hakemuksesi kaupungille vai Kelaan, autamme asian selvittämisessä.',
      activity:
        'Chat on avoinna arkisin klo 9–11. Yhteys ei ole suojattu, joten keskustelut voidaan käydä ainoastaan yleisellä tasolla. Chatin kautta saat yleisluontoisia neuvoja sosiaalipalveluista sekä ohjausta täydentävän ja ehkäisevän toimeentulotuen hakemiseen. Chatissa ei käytetä henkilötietoja eikä sen kautta voi varata aikaa.',
      resources:
        'Malli sopii erityisesti isommissa sosiaalipalvelujen rakenteissa käytettäväksi, koska se edellyttää riittävää väestöpohjaa ja työntekijäresurssia.',
      expectationsPositive: 'Chat on asiakkaalle maksuton ja helppokäyttöinen.',
      expectationsNegative: 'Chatissa haasteena ovat vaikeat ja pitkät kysymykset sekä pitkät vastaukset.',
      evaluationMethod: 'Chatissa käydyt keskustelut tallentuvat ja niitä voidaan käyttää palvelun kehittämiseen.',
    },
    midpoint: {
      targetGroupReached:
        'Asiakas osataan ohjata suoraan oikeaan paikkaan tai oikean palvelun piiriin, jolloin asian saa nopeiten vireille ja turhilta luukutuksilta vältytään.',
      overallAssessment:
        'Vältytään turhilta kontakteilta / tapaamisilta, kun pystytään ohjaamaan suoraan oikean palvelun piiriin.',
      successesAndFailures:
        'Chat on asiakkaalle maksuton ja helppokäyttöinen. Chatissa haasteena ovat vaikeat ja pitkät kysymykset sekä pitkät vastaukset. Joissain tapauksissa joudutaan kuitenkin ohjaamaan ottamaan yhteyttä puhelimitse infoon tai käymään siellä henkilökohtaisesti.',
      changes:
        'Aikuissosiaalityö on vuodenvaihteessa muuttumassa, jolloin jatkossa on kaksi jakoa: aikuissosiaalityö, lapsiperhesosiaalityö ja lastensuojelu.',
    },
  },
  sessions: [
    // date, adult-services chats, family-services chats, passed on to the info or a worker; 2 h
    phoneDay('2018-10-01', 6, 1, 1, 2),
    phoneDay('2018-10-02', 4, 0, 0, 2),
    phoneDay('2018-10-03', 7, 1, 2, 2),
    phoneDay('2018-10-04', 5, 0, 1, 2),
    phoneDay('2018-10-05', 3, 1, 0, 2),
    phoneDay('2018-10-08', 8, 1, 2, 2),
    phoneDay('2018-10-09', 5, 0, 1, 2),
    phoneDay('2018-10-10', 6, 2, 1, 2),
    phoneDay('2018-10-11', 4, 0, 0, 2),
    phoneDay('2018-10-12', 3, 0, 1, 2),
  ],
};

export const SEED_PILOTS: SeedPilot[] = [
  raisioParish,
  raisioKela,
  raisioMylly,
  kuusotsoKela,
  kuusotsoPhone,
  kuusotsoPopUp,
  lappeenrantaHousing,
  kymenlaaksoLibrary,
  raisioThreePartner,
  kuusotsoConsultation,
  naantaliTeam,
  turkuHealthCentre,
  turkuShoppingCentre,
  lietoHealthCentre,
  turkuChat,
];
