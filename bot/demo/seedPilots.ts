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
 * Activity only: no client names, no identity codes, no worker names.
 */
import type { Decision, PilotKind, PilotPlan, PilotStage } from '../domain/pilots';
import type { Answers } from '../domain/phases';
import type { Counts } from '../domain/sessions';

export interface SeedSession {
  date: string;
  hours: number;
  counts: Counts;
}

export interface SeedPilot {
  /** Stable slug, e.g. 'raisio-parish-dropin'. */
  key: string;
  /** Finnish pilot name, as in the seed ("Kokeilun nimi"). */
  name: string;
  municipality: string;
  kind: PilotKind;
  plan: PilotPlan;
  /** ISO dates, YYYY-MM-DD. */
  startDate: string;
  midpointDate: string;
  endDate: string;
  /** What the figures were before the pilot, as the seed gives them (Pilot.baseline). */
  baseline?: string;
  /** Last phase with saved answers. */
  stage: PilotStage;
  decision?: Decision;
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

/** One day of the phone line (9–10.30). Calls split by service and by outcome. */
function phoneDay(date: string, adultServices: number, familyServices: number, passedOn: number): SeedSession {
  const calls = adultServices + familyServices;
  return {
    date,
    hours: 1.5,
    counts: { calls, adultServices, familyServices, handledAtOnce: calls - passedOn, passedOn },
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
// After the midpoint: three sessions at regional sites ("Päivystyksiä kokeiltiin hajautetusti
// eri alueilla"), then back at the central parish hall with Kela from January 2018.
// ---------------------------------------------------------------------------------------------
const raisioParish: SeedPilot = {
  key: 'raisio-parish-dropin',
  name: 'Sosiaalityöntekijöiden jalkautuminen seurakunnan päivystykseen',
  municipality: 'Raisio',
  kind: 'dropIn',
  plan: {
    weekdays: [1],
    startTime: '09:00', // assumed; the seed gives "maanantaisin kaksi tuntia" only
    hoursPerSession: 2,
    place: 'Diakonien päivystys, keskustan seurakuntatalo',
    // Parish from the start; Kela joined the drop-in after the midpoint (end form).
    partners: ['parish', 'kela'],
  },
  startDate: '2017-10-16',
  midpointDate: '2017-11-10',
  endDate: '2018-01-26',
  stage: 'end',
  decision: 'continueChanged',
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
    // After the midpoint: regional sites (fewer visitors).
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
  stage: 'start',
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
// the pilot. Two weeks of sessions.
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
  stage: 'start',
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

export const SEED_PILOTS: SeedPilot[] = [
  raisioParish,
  raisioKela,
  raisioMylly,
  kuusotsoKela,
  kuusotsoPhone,
  kuusotsoPopUp,
  lappeenrantaHousing,
  kymenlaaksoLibrary,
];
