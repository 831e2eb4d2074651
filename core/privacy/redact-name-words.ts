/**
 * Words that follow "ik ben", "je suis", "I am", a title or an introduction and are not names: pronouns and
 * function words, feelings and states, nationalities, religions and languages (capitalised in English and
 * often by transcribers), weekdays and months, and the words of the welfare office itself.
 */
import { keyOf } from './redact-text.js';

const FUNCTION_WORDS = `
ik je jij u hij zij ze we wij jullie het de een dit dat die deze mijn jouw uw zijn haar ons onze hun niet geen ook al nog wel
eigenlijk dus nu maar en of want dan toch echt heel erg zo te in op aan bij van voor met naar uit om als hier daar er
je tu il elle on nous vous ils elles le la les un une des du ce cet cette mon ma mes ton ta son sa notre votre leur ne pas plus
aussi très tres vraiment bien encore déjà deja alors donc mais et ou car ici là la en au aux avec pour dans sur chez comme
i you he she it we they me him her us them my your his its our their the a an this that these those not no yes so very too
also just really still even now then here there and or but in on at to for with from of by as
sen o biz siz onlar bu şu ve ama çok
я ти він вона ми ви вони це не так і та але дуже
`;

const STATES = `
blij gelukkig tevreden moe ziek bang boos verdrietig alleen zwanger getrouwd gescheiden werkloos dankbaar bezorgd klaar zeker
nieuw oud thuis hier weg ok oké oke goed slecht beter gestrest ongerust
content heureux heureuse fatigué fatiguée malade seul seule enceinte marié mariée divorcé divorcée chômeur chômeuse reconnaissant
reconnaissante inquiet inquiète prêt prête sûr sûre nouveau nouvelle désolé désolée perdu perdue stressé stressée triste
happy sad tired sick ill fine good okay ok alone single married divorced pregnant unemployed homeless grateful thankful afraid
scared worried stressed angry lost ready sure new old back home sorry glad late done free busy well better worse confused
anxious hungry poor disabled retired student mother father parent
not important irrelevant secret private anonymous unknown nobody none nothing geheim anoniem onbelangrijk niks niets
pas anonyme inconnu inconnue rien personne secret
`;

const PEOPLE = `
belg belgische belgisch vlaming waal brusselaar marokkaan marokkaanse marokkaans algerijn algerijnse tunesiër tunesische syriër
syrische syrisch afghaan afghaanse turk turkse turks koerd koerdische koerdisch congolees congolese kameroener kameroense guineeër
guinese senegalees senegalese eritreeër eritrese eritrees somaliër somalische ethiopiër ethiopische irakees irakese iraakse
iraniër iraanse oekraïner oekraïense rus russin russische fransman franse nederlander nederlandse pool poolse roemeen roemeense
bulgaar bulgaarse albanees albanese palestijn palestijnse libanees libanese egyptenaar egyptische soedanees soedanese
nigeriaan nigeriaanse ghanees ghanese braziliaan braziliaanse moslim moslima christen christelijk katholiek jood joods
vluchteling asielzoeker nieuwkomer student studente mama papa moeder vader oma opa
belge marocain marocaine algérien algérienne tunisien tunisienne syrien syrienne afghan afghane turc turque kurde congolais
congolaise camerounais camerounaise guinéen guinéenne sénégalais sénégalaise érythréen érythréenne somalien somalienne
éthiopien éthiopienne irakien irakienne iranien iranienne ukrainien ukrainienne russe français française espagnol espagnole
italien italienne polonais polonaise roumain roumaine bulgare albanais albanaise palestinien palestinienne libanais libanaise
égyptien égyptienne soudanais soudanaise nigérian nigériane ghanéen ghanéenne brésilien brésilienne musulman musulmane chrétien
chrétienne catholique juif juive réfugié réfugiée demandeur étudiant étudiante maman
belgian moroccan algerian tunisian syrian afghan turkish turk kurd kurdish congolese cameroonian guinean senegalese eritrean
somali ethiopian iraqi iranian ukrainian russian french dutch flemish walloon polish romanian bulgarian albanian palestinian
lebanese egyptian sudanese nigerian ghanaian brazilian spanish italian german english british american european african asian
arab arabic muslim moslem christian catholic orthodox jewish refugee
türk kürt müslüman belçikalı suriyeli faslı
українка українець біженка біженець
`;

const TIME_AND_PLACE = `
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october
november december maandag dinsdag woensdag donderdag vrijdag zaterdag zondag januari februari maart mei juni juli augustus
oktober lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août septembre octobre
novembre décembre
belgië belgium belgique brussel bruxelles brussels antwerpen anvers antwerp gent gand ghent luik liège charleroi mechelen leuven
marokko maroc morocco syrië syrie syria turkije turquie turkey afghanistan eritrea erythrée érythrée oekraïne ukraine
ocmw cpas ovam vdab forem actiris
directeur directrice president président maire chef baas boss manager doctor dokter docteur
hallo hello bonjour salut merci dank thanks thank welkom welcome goedemorgen goedendag oui non ja nee yes sorry pardon
`;

export const COMMON_WORDS: ReadonlySet<string> = new Set(
  [FUNCTION_WORDS, STATES, PEOPLE, TIME_AND_PLACE].join(' ').split(/\s+/).filter((w) => w !== '').map(keyOf),
);

/** Arabic, Persian and Tigrinya words that may follow "اسمي", "السيد", "اسم من", "ስመይ" but are not names. */
export const UNCASED_STOP: ReadonlySet<string> = new Set(
  `
  هو هي أنا انا نحن من في عن مع و ال هذا هذه ذلك الذي التي عندي لدي عمري أسكن اسكن أعيش اعيش جئت وصلت كان كنت متزوج متزوجة
  أم ام أب اب لكن الآن الان اليوم هنا هناك ليس لا نعم شكرا المدير المديرة المسؤول المسؤولة الموظف الموظفة الطبيب الطبيبة الرئيس
  المساعد المساعدة الاجتماعي الاجتماعية مهم سر منذ حاليا أبلغ ابلغ سنة سنوات عام يا أيضا ايضا فقط جدا كثيرا لم لن قد ما ماذا
  كيف لماذا لأن لان إنني انني إني اني لكني بس يعني والله الحمد شكرا أريد اريد أحتاج احتاج أعمل اعمل أبحث ابحث لست مش
  ساله سال دارم هم از خیلی الان اینجا میخواهم می‌خواهم
  است هست هستم بود من تو او ما شما آنها این آن که و در از به با را برای نه بله ممنون مهم نیست
  እዩ እየ ይበሃል ኣነ ንሱ ንሳ ኣብ ካብ ምስ እወ ኣይ
  `
    .split(/\s+/)
    .filter((w) => w !== '')
    .map(keyOf),
);
