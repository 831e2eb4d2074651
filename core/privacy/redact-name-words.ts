/**
 * Words that follow a name cue ("ik ben", "je suis", "I am", "my son", "thanks,", a title, an introduction)
 * and are not names: pronouns and function words, feelings and states, nationalities, ethnic groups,
 * religions and languages (capitalised in English and often by transcribers), places, weekdays, months and
 * feasts, the welfare office's own words, and words that are also given names ("Hoop", "Rose", "أمل",
 * "امید", "ተስፋ"). The allow-list wins over the given-name list: a harmless sentence must stay as it is.
 *
 * Most words mean the same in every language and are listed once; a few are words in one language and
 * names in another (Persian "زیاد" is "much", Arabic "زياد" is Ziad): those are listed per language.
 */
import { keyOf } from './redact-text.js';

const FUNCTION_WORDS = `
ik je jij u hij zij ze we wij jullie het de een dit dat die deze mijn jouw uw zijn haar ons onze hun niet geen ook al nog wel
eigenlijk dus nu maar en of want dan toch echt heel erg zo te in op aan bij van voor met naar uit om als hier daar er iets niets
alles iedereen allemaal elkaar is was wordt werd heb heeft had ga gaat ging kan kon wil wou moet moest zal zou ben bent zijn waren
woon woont werk werkt zoek zoekt wacht wacht weet denk vind hoop heet heten gaan komen komt kwam blijf blijft sta staat
je tu il elle on nous vous ils elles le la les un une des du ce cet cette mon ma mes ton ta son sa notre votre leur ne pas plus
aussi très tres vraiment bien encore déjà deja alors donc mais et ou car ici là la en au aux avec pour dans sur chez comme
est suis es sont était ai as a avons ont vais va tout tous toute toutes rien quelqu quelque moi toi lui eux c'est j'ai j'habite
i you he she it we they me him her us them my your his its our their the a an this that these those not no yes so very too
also just really still even now then here there and or but in on at to for with from of by as is are was were be been am has
have had do does did will would can could should must may might all everyone everybody anyone someone nothing something
said says say told asked gave went came got made need needs want wants help helped
ben sen o biz siz onlar bu şu ve ama çok de da ki mi bir iki üç her hiç daha en için ile gibi burada orada şimdi yine hem
я ти він вона ми ви вони це не так і та але дуже з із в у на до за від про по мені мене мій моя моє мої тут там вже ще теж
`;

const STATES = `
blij gelukkig tevreden moe ziek bang boos verdrietig alleen zwanger getrouwd gescheiden werkloos dankbaar bezorgd klaar zeker
nieuw oud thuis hier weg ok oké oke goed slecht beter gestrest ongerust zwaar moeilijk gehandicapt invalide weduwe weduwnaar
content heureux heureuse fatigué fatiguée malade seul seule enceinte marié mariée divorcé divorcée chômeur chômeuse reconnaissant
reconnaissante inquiet inquiète prêt prête sûr sûre nouveau nouvelle désolé désolée perdu perdue stressé stressée triste veuf veuve
happy sad tired sick ill fine good okay ok alone single married divorced pregnant unemployed homeless grateful thankful afraid
scared worried stressed angry lost ready sure new old back home sorry glad late done free busy well better worse confused
anxious hungry poor disabled retired student mother father parent widow widowed
not important irrelevant secret private anonymous unknown nobody none nothing geheim anoniem onbelangrijk niks niets
pas anonyme inconnu inconnue rien personne secret
yorgun yorgunum hasta mutlu üzgün yalnız evli bekar hamile işsiz
втомлена втомлений хвора хворий сама сам щаслива щасливий
`;

/**
 * What follows "this is", "c'est", "це", "dit is", "bu" when no name does, capitalised or not ("this is Crazy",
 * "Це Добре"): judgements and feelings about a situation.
 */
const JUDGEMENTS = `
crazy difficult hard easy good great bad terrible horrible important normal true possible impossible enough nice beautiful
funny strange weird unfair fair expensive cheap wrong right serious urgent worse best worst perfect amazing wonderful complicated
simple clear unclear early same different everything life unbelievable ridiculous shame pity true false real
moeilijk makkelijk erg zwaar duur goedkoop belangrijk normaal waar mogelijk onmogelijk genoeg mooi lelijk raar vreemd oneerlijk
eerlijk ernstig dringend slechter perfect prima top geweldig ingewikkeld simpel duidelijk laat vroeg hetzelfde alles leven
schande jammer zot
difficile facile bon mal dur cher chère important normal vrai vraie possible impossible assez beau belle bizarre injuste juste
grave urgent mieux pire parfait génial compliqué simple clair tard tôt pareil différent vie dommage honteux incroyable ça cela
добре погано важко легко складно дорого дешево нормально правда можливо неможливо досить гарно дивно несправедливо чесно
серйозно терміново краще гірше ідеально чудово просто зрозуміло пізно рано однаково інакше все нічого життя жах соромно
zor kolay iyi kötü pahalı ucuz önemli normal doğru mümkün imkansız yeter güzel garip haksız ciddi acil daha mükemmel harika basit
açık geç erken aynı hayat ayıp yazık
`;

/** Forms of address and titles: "Merci Madame", "Teşekkürler hocam" name nobody. */
const ADDRESS_WORDS = `
madame monsieur mademoiselle meneer mevrouw juffrouw mister sir madam miss mrs lady gentleman dokter docteur doctor hocam hoca
teyze amca abla abi ağabey pani pan пані пане лікарю
gentenaar antwerpenaar leuvenaar mechelaar aalstenaar hasselaar bruggeling oostendenaar kortrijkzaan luikenaar
bruxellois bruxelloise liégeois liégeoise namurois namuroise anversois anversoise gantois gantoise kinois kinoise carolo
`;

/** "My name is spelled wrong", "mijn naam is verkeerd geschreven", "اسمي مكتوب غلط": the name is not given. */
const ABOUT_THE_NAME = `
verkeerd fout mis juist correct anders lang kort geschreven gespeld moeilijk makkelijk belangrijk onbelangrijk
mal bien faux fausse écrit ecrit écrite correct correcte différent difficile long longue compliqué
spelled spelt wrong written misspelled misspelt correct different long hard difficult right
yanlış doğru yazılmış yazıldı zor uzun farklı
написали написано неправильно правильно складне інше
`;

const PEOPLE = `
belg belgische belgisch vlaming waal brusselaar marokkaan marokkaanse marokkaans algerijn algerijnse tunesiër tunesische syriër
syrische syrisch afghaan afghaanse afghaans turk turkse turks koerd koerdische koerdisch congolees congolese kameroener kameroense
guineeër guinese senegalees senegalese eritreeër eritrese eritrees somaliër somalische ethiopiër ethiopische irakees irakese iraakse
iraniër iraanse oekraïner oekraïense rus russin russische fransman franse nederlander nederlandse pool poolse roemeen roemeense
bulgaar bulgaarse albanees albanese palestijn palestijnse libanees libanese egyptenaar egyptische soedanees soedanese
nigeriaan nigeriaanse ghanees ghanese braziliaan braziliaanse moslim moslima christen christelijk katholiek jood joods
vluchteling asielzoeker nieuwkomer student studente mama papa moeder vader oma opa nederlandstalig franstalig engelstalig
arabisch arabische perzisch dari pasjtoe pashto tigrinya tigrinyaans amhaars somalisch oekraïens russisch turks koerdisch
hazara hazaras pashtun pashtoun pasjtoen pathan tadzjiek tadzjieks tadjik tajik oezbeek oezbeeks ouzbek uzbek baloch beloetsj
turkmeen turkmeens turkmène turkmen jezidi yezidi yazidi ezidi assyriër assyrisch assyrien assyrian chaldeeër chaldéen
chaldean druze druus alawiet alaouite alawite alevi alevitisch alévi amazigh berber berbère berbers kabyle kabyl riffijn rifain
tigray tigrayan tigréen tigrees tigre amhara oromo afar saho bilen kunama habesha habesha fula fulani peul peule peuhl malinké
malinke soussou susu mandinka wolof diola bamiléké bamileke luba kongo lingala swahili hutu tutsi rohingya roma rom romani sinti
tataar tatar tatare tsjetsjeen tchétchène chechen circassien dinka nuer bedoeïen bédouin bedouin koptisch copte coptic soenniet
sunnite sunni sjiiet chiite shia shiite ismaili sikh hindoe hindou hindu orthodox orthodoxe protestant protestante evangelisch
évangélique evangelical pinkster pentecôtiste pentecostal jehova getuige adventist
belge marocain marocaine algérien algérienne tunisien tunisienne syrien syrienne afghan afghane turc turque kurde congolais
congolaise camerounais camerounaise guinéen guinéenne sénégalais sénégalaise érythréen érythréenne somalien somalienne
éthiopien éthiopienne irakien irakienne iranien iranienne ukrainien ukrainienne russe français française espagnol espagnole
italien italienne polonais polonaise roumain roumaine bulgare albanais albanaise palestinien palestinienne libanais libanaise
égyptien égyptienne soudanais soudanaise nigérian nigériane ghanéen ghanéenne brésilien brésilienne musulman musulmane chrétien
chrétienne catholique juif juive réfugié réfugiée demandeur étudiant étudiante maman néerlandophone francophone arabophone
belgian moroccan algerian tunisian syrian afghan turkish turk kurd kurdish congolese cameroonian guinean senegalese eritrean
somali ethiopian iraqi iranian ukrainian russian french dutch flemish walloon polish romanian bulgarian albanian palestinian
lebanese egyptian sudanese nigerian ghanaian brazilian spanish italian german english british american european african asian
arab arabic muslim moslem christian catholic orthodox jewish refugee persian pashto tajik uzbek yemeni libyan jordanian
türk türküm kürt kürdüm müslüman müslümanım belçikalı suriyeli suriyeliyim faslı afgan afganım türkmen türkmenim alevi aleviyim
arap arapım çerkez laz zaza ermeni
українка українець біженка біженець татарка татарин православна православний мусульманка мусульманин ромка ром
`;

const TIME_AND_PLACE = `
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october
november december maandag dinsdag woensdag donderdag vrijdag zaterdag zondag januari februari maart mei juni juli augustus
oktober lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août septembre octobre
novembre décembre pazartesi salı çarşamba perşembe cuma cumartesi pazar
ramadan ramadhan ramazan eid aïd bayram kerstmis kerst christmas noël nöel pasen easter pâques nieuwjaar newroz nowruz norouz
suikerfeest offerfeest tabaski
belgië belgium belgique brussel bruxelles brussels antwerpen anvers antwerp gent gand ghent luik liège charleroi mechelen leuven
brugge bruges namen namur hasselt genk aalst kortrijk oostende ostende sint-niklaas vilvoorde molenbeek schaarbeek schaerbeek
anderlecht ixelles elsene etterbeek jette vorst forest ukkel uccle mons bergen
marokko maroc morocco syrië syrie syria turkije turquie turkey türkiye afghanistan eritrea erythrée érythrée oekraïne ukraine
irak iraq iran somalië somalie somalia ethiopië éthiopie ethiopia guinee guinée guinea congo kameroen cameroun cameroon soedan
soudan sudan libië libye libya griekenland grèce greece italië italie italy duitsland allemagne germany nederland pays-bas
frankrijk france europa europe afrika afrique africa palestina palestine libanon liban lebanon jordanië jordanie jordan
kabul kaboel kandahar herat mazar aleppo alep halab damascus damas homs idlib mosul bagdad baghdad asmara keren massawa
kyiv kiev kyjiv kharkiv charkiv odesa lviv mariupol istanbul ankara izmir conakry dakar kinshasa mogadishu mogadisju
ocmw cpas ovam vdab forem actiris fedasil cgvs cgra dvz caritas kruis croix-rouge red cross agentschap integratie
directeur directrice president président maire chef baas boss manager doctor dokter docteur
hallo hello bonjour salut merci dank thanks thank welkom welcome goedemorgen goedendag oui non ja nee yes sorry pardon
dag bye goodbye ciao tschüss adieu hoi hey hi groetjes groeten regards cheers bisous cordialement bedankt dankjewel dankuwel
merhaba selam selamlar teşekkürler teşekkür sağol sağolun görüşürüz iyi günler akşamlar
дякую привіт вітаю бувайте
`;

/** Words that are also given names: after a cue they are names only when capitalised ("la maman de Grace"). */
const WORDS_THAT_ARE_NAMES = `
hoop roos liefde vrede storm ster hope faith grace joy rose will may june april summer angel patience charity destiny precious
blessing honey sunny mercy espérance esperance grâce grace joie paix prudence constance clémence aurore céleste ange gloire
merveille divine prince fidèle victoire rose sagesse umut deniz barış güneş ay nur bahar yağmur ışık
`;

/** Arabic, Persian and Tigrinya words that the given-name list must not turn into names after a cue. */
const UNCASED_WORDS = `
أمل امل نور سعيد سعيدة جميل جميلة سلام سلامة صباح فرح حياة وفاء ملك رحمة دعاء بشرى نعمة كريمة هناء أماني اماني سعادة
سوري سورية كردي كردية فلسطيني فلسطينية لبناني لبنانية عراقي عراقية أفغاني افغاني أفغانية مغربي مغربية جزائري تونسي مصري سوداني
صومالي إريتري اريتري أثيوبي تركي عربي عربية مسلم مسلمة مسيحي مسيحية لاجئ لاجئة هزارة هزاره بلجيكي
هزاره تاجیک پشتون ازبک افغان افغانی ایرانی مسلمان مسیحی شیعه سنی پناهنده بلوچ ترکمن
ኤርትራዊ ኤርትራዊት ኢትዮጵያዊ ኢትዮጵያዊት ክርስትያን ሙስሊም ትግራዋይ ትግራዋይት ሓበሻ ስደተኛ
امید آرزو گل ستاره شبنم رویا بهار پروانه فرشته عزیز حبیب سلطان صادق حکمت هدایت امان
ተስፋ ሰላም ሕይወት ሙሉ ኣበባ ገነት ቅድስት ለምለም መብራት ንግስቲ ፍሬ ዓወት ርግበ
`;

const BY_LANGUAGE: Readonly<Record<string, string>> = {
  fa: 'زیاد زياد',
};

const toSet = (...lists: string[]): ReadonlySet<string> =>
  new Set(
    lists
      .join(' ')
      .split(/\s+/)
      .filter((w) => w !== '')
      .map(keyOf),
  );

export const COMMON_WORDS: ReadonlySet<string> = toSet(
  FUNCTION_WORDS,
  STATES,
  JUDGEMENTS,
  ADDRESS_WORDS,
  ABOUT_THE_NAME,
  PEOPLE,
  TIME_AND_PLACE,
  UNCASED_WORDS,
);
const WORD_NAMES: ReadonlySet<string> = toSet(WORDS_THAT_ARE_NAMES);
const COMMON_BY_LANGUAGE: ReadonlyMap<string, ReadonlySet<string>> = new Map(Object.entries(BY_LANGUAGE).map(([l, words]) => [l, toSet(words)]));

/** A word that is no name after a cue, in this language (any language when `language` is ''). */
export function isCommonWord(word: string, language: string): boolean {
  const key = keyOf(word);
  if (COMMON_WORDS.has(key)) return true;
  if (language === '') return [...COMMON_BY_LANGUAGE.values()].some((set) => set.has(key));
  return COMMON_BY_LANGUAGE.get(language)?.has(key) ?? false;
}

/**
 * Arabic words that folding makes look like names: "على" (on) folds like "علي" (Ali), "إلى" (to) and "متى"
 * (when) like nothing worse. Checked on the text as written, where the final "ى" tells them apart.
 */
export const WRITTEN_STOP: ReadonlySet<string> = new Set(['على', 'إلى', 'الى', 'حتى', 'متى', 'لدى']);

/** "hoop", "rose", "umut" in lower case: a word; "Rose" after a cue: a name. */
export function isWordName(word: string): boolean {
  return WORD_NAMES.has(keyOf(word));
}

/** Arabic, Persian and Tigrinya words that may follow "اسمي", "السيد", "اسم من", "ስመይ" but are not names. */
export const UNCASED_STOP: ReadonlySet<string> = new Set(
  `
  هو هي أنا انا نحن من في عن مع و ال هذا هذه ذلك الذي التي عندي لدي عمري أسكن اسكن أعيش اعيش جئت وصلت كان كنت متزوج متزوجة
  أم ام أب اب لكن الآن الان اليوم هنا هناك ليس لا نعم شكرا المدير المديرة المسؤول المسؤولة الموظف الموظفة الطبيب الطبيبة الرئيس
  المساعد المساعدة الاجتماعي الاجتماعية مهم سر منذ حاليا أبلغ ابلغ سنة سنوات عام يا أيضا ايضا فقط جدا كثيرا لم لن قد ما ماذا
  كيف لماذا لأن لان إنني انني إني اني لكني بس يعني والله الحمد شكرا أريد اريد أحتاج احتاج أعمل اعمل أبحث ابحث لست مش
  مكتوب مكتوبة غلط خطأ خطا صحيح صعب طويل مختلف جزيلا كثير
  ساله سال دارم هم از خیلی الان اینجا میخواهم می‌خواهم اشتباه نوشته غلط درست سخت زیاد
  است هست هستم بود من تو او ما شما آنها این آن که و در از به با را برای نه بله ممنون مهم نیست
  እዩ እየ ይበሃል ኣነ ንሱ ንሳ ኣብ ካብ ምስ እወ ኣይ ጌጋ ተጻሒፉ
  `
    .split(/\s+/)
    .filter((w) => w !== '')
    .map(keyOf),
);
