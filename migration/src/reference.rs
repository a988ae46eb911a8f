//! The programme's reference data as released with the first schema (see `DOMAIN.md`): the
//! 14 regional councils, 16 city regions with their municipalities and agreements, 3 themes,
//! 6 actions, 5 funding sources and the catalogue's first indicators. Admins edit these rows
//! later through the application; this module is only the starting point.

/// A regional council: code, names in fi / sv / en.
pub struct Council {
    pub code: &'static str,
    pub names: [&'static str; 3],
}

/// A city region with its funding council, municipalities and ecosystem agreement.
pub struct Region {
    pub code: &'static str,
    pub names: [&'static str; 3],
    pub council: &'static str,
    pub population: i32,
    /// Map position in thousandths of a degree.
    pub lat_lon_milli: (i32, i32),
    /// (name in Finnish, name in Swedish, is a city)
    pub municipalities: &'static [(&'static str, &'static str, bool)],
    /// Focus ecosystems of the agreement in fi / sv / en.
    pub focus: [&'static str; 3],
}

/// A classifier row (theme, action): code and names in fi / sv / en.
pub struct Classifier {
    pub code: &'static str,
    pub names: [&'static str; 3],
}

/// An indicator of the catalogue.
pub struct IndicatorDef {
    pub code: &'static str,
    pub names: [&'static str; 3],
    pub definitions: [&'static str; 3],
    pub unit: &'static str,
    pub cumulative: bool,
    pub eu_code: Option<&'static str>,
    pub headline: Option<&'static str>,
    pub lists_companies: bool,
}

pub const COUNCILS: [Council; 14] = [
    Council {
        code: "helsinki-uusimaa",
        names: [
            "Uudenmaan liitto",
            "Nylands förbund",
            "Helsinki-Uusimaa Regional Council",
        ],
    },
    Council {
        code: "north-karelia",
        names: [
            "Pohjois-Karjalan maakuntaliitto",
            "Norra Karelens landskapsförbund",
            "Regional Council of North Karelia",
        ],
    },
    Council {
        code: "central-finland",
        names: [
            "Keski-Suomen liitto",
            "Mellersta Finlands förbund",
            "Regional Council of Central Finland",
        ],
    },
    Council {
        code: "central-ostrobothnia",
        names: [
            "Keski-Pohjanmaan liitto",
            "Mellersta Österbottens förbund",
            "Regional Council of Central Ostrobothnia",
        ],
    },
    Council {
        code: "north-savo",
        names: [
            "Pohjois-Savon liitto",
            "Norra Savolax förbund",
            "Regional Council of North Savo",
        ],
    },
    Council {
        code: "south-karelia",
        names: [
            "Etelä-Karjalan liitto",
            "Södra Karelens förbund",
            "Regional Council of South Karelia",
        ],
    },
    Council {
        code: "south-savo",
        names: [
            "Etelä-Savon maakuntaliitto",
            "Södra Savolax landskapsförbund",
            "Regional Council of South Savo",
        ],
    },
    Council {
        code: "north-ostrobothnia",
        names: [
            "Pohjois-Pohjanmaan liitto",
            "Norra Österbottens förbund",
            "Council of Oulu Region",
        ],
    },
    Council {
        code: "satakunta",
        names: [
            "Satakuntaliitto",
            "Satakunta förbund",
            "Satakunta Regional Council",
        ],
    },
    Council {
        code: "kainuu",
        names: [
            "Kainuun liitto",
            "Kajanalands förbund",
            "Regional Council of Kainuu",
        ],
    },
    Council {
        code: "lapland",
        names: [
            "Lapin liitto",
            "Lapplands förbund",
            "Regional Council of Lapland",
        ],
    },
    Council {
        code: "south-ostrobothnia",
        names: [
            "Etelä-Pohjanmaan liitto",
            "Södra Österbottens förbund",
            "Regional Council of South Ostrobothnia",
        ],
    },
    Council {
        code: "pirkanmaa",
        names: [
            "Pirkanmaan liitto",
            "Birkalands förbund",
            "Council of Tampere Region",
        ],
    },
    Council {
        code: "ostrobothnia",
        names: [
            "Pohjanmaan liitto",
            "Österbottens förbund",
            "Regional Council of Ostrobothnia",
        ],
    },
];

pub const REGIONS: [Region; 16] = [
    Region {
        code: "capital",
        names: ["Pääkaupunkiseutu", "Huvudstadsregionen", "Capital region"],
        council: "helsinki-uusimaa",
        population: 1_254_000,
        lat_lon_milli: (60_170, 24_940),
        municipalities: &[
            ("Helsinki", "Helsingfors", true),
            ("Espoo", "Esbo", true),
            ("Vantaa", "Vanda", true),
        ],
        focus: [
            "Älykkäät kaupungit, terveysteknologia ja kvanttiteknologia",
            "Smarta städer, hälsoteknologi och kvantteknologi",
            "Smart cities, health technology and quantum technology",
        ],
    },
    Region {
        code: "joensuu",
        names: ["Joensuu", "Joensuu", "Joensuu"],
        council: "north-karelia",
        population: 78_000,
        lat_lon_milli: (62_601, 29_763),
        municipalities: &[("Joensuu", "Joensuu", true)],
        focus: [
            "Metsäbiotalous ja metsätekoäly",
            "Skogsbioekonomi och skoglig artificiell intelligens",
            "Forest bioeconomy and forest artificial intelligence",
        ],
    },
    Region {
        code: "jyvaskyla",
        names: ["Jyväskylä", "Jyväskylä", "Jyväskylä"],
        council: "central-finland",
        population: 148_000,
        lat_lon_milli: (62_242, 25_747),
        municipalities: &[("Jyväskylä", "Jyväskylä", true)],
        focus: [
            "Kyberturvallisuus, biotalous sekä liikunta ja hyvinvointi",
            "Cybersäkerhet, bioekonomi samt idrott och välmående",
            "Cyber security, bioeconomy, sport and wellbeing",
        ],
    },
    Region {
        code: "kokkola",
        names: ["Kokkola", "Karleby", "Kokkola"],
        council: "central-ostrobothnia",
        population: 48_000,
        lat_lon_milli: (63_838, 23_130),
        municipalities: &[("Kokkola", "Karleby", true)],
        focus: [
            "Akkumineraalit, kemia ja hyvinvointiteollisuuden raaka-aineet",
            "Batterimineraler, kemi och råvaror för välmåendeindustrin",
            "Battery minerals, chemistry and raw materials for the wellness industry",
        ],
    },
    Region {
        code: "kuopio",
        names: ["Kuopio", "Kuopio", "Kuopio"],
        council: "north-savo",
        population: 125_000,
        lat_lon_milli: (62_892, 27_678),
        municipalities: &[("Kuopio", "Kuopio", true)],
        focus: [
            "Terveysteknologia ja ravitsemus",
            "Hälsoteknologi och nutrition",
            "Health technology and nutrition",
        ],
    },
    Region {
        code: "lahti",
        names: ["Lahti", "Lahtis", "Lahti"],
        council: "helsinki-uusimaa",
        population: 121_000,
        lat_lon_milli: (60_983, 25_655),
        municipalities: &[("Lahti", "Lahtis", true)],
        focus: [
            "Kiertotalous ja ympäristöteknologia",
            "Cirkulär ekonomi och miljöteknik",
            "Circular economy and environmental technology",
        ],
    },
    Region {
        code: "lappeenranta",
        names: ["Lappeenranta", "Villmanstrand", "Lappeenranta"],
        council: "south-karelia",
        population: 98_000,
        lat_lon_milli: (61_058, 28_188),
        municipalities: &[
            ("Lappeenranta", "Villmanstrand", true),
            ("Imatra", "Imatra", true),
        ],
        focus: [
            "Vihreä vety ja puhdas energia",
            "Grönt väte och ren energi",
            "Green hydrogen and clean energy",
        ],
    },
    Region {
        code: "mikkeli",
        names: ["Mikkeli", "S:t Michel", "Mikkeli"],
        council: "south-savo",
        population: 52_000,
        lat_lon_milli: (61_688, 27_272),
        municipalities: &[("Mikkeli", "S:t Michel", true)],
        focus: [
            "Puhdas vesi ja vesiosaaminen",
            "Rent vatten och vattenkompetens",
            "Clean water and water expertise",
        ],
    },
    Region {
        code: "oulu",
        names: ["Oulu", "Uleåborg", "Oulu"],
        council: "north-ostrobothnia",
        population: 216_000,
        lat_lon_milli: (65_012, 25_465),
        municipalities: &[("Oulu", "Uleåborg", true)],
        focus: [
            "6G, terveysteknologia ja älykäs teollisuus",
            "6G, hälsoteknologi och smart industri",
            "6G, health technology and smart industry",
        ],
    },
    Region {
        code: "pori",
        names: ["Pori", "Björneborg", "Pori"],
        council: "satakunta",
        population: 83_000,
        lat_lon_milli: (61_485, 21_797),
        municipalities: &[("Pori", "Björneborg", true)],
        focus: [
            "Energia ja teollinen kiertotalous",
            "Energi och industriell cirkulär ekonomi",
            "Energy and industrial circular economy",
        ],
    },
    Region {
        code: "kajaani",
        names: ["Kajaani", "Kajana", "Kajaani"],
        council: "kainuu",
        population: 46_000,
        lat_lon_milli: (64_227, 27_728),
        municipalities: &[("Kajaani", "Kajana", true), ("Sotkamo", "Sotkamo", false)],
        focus: [
            "Datakeskukset ja supertietokoneet",
            "Datacenter och superdatorer",
            "Data centres and supercomputers",
        ],
    },
    Region {
        code: "rovaniemi",
        names: ["Rovaniemi", "Rovaniemi", "Rovaniemi"],
        council: "lapland",
        population: 65_000,
        lat_lon_milli: (66_503, 25_729),
        municipalities: &[("Rovaniemi", "Rovaniemi", true)],
        focus: [
            "Arktinen matkailu ja talviteknologia",
            "Arktisk turism och vinterteknologi",
            "Arctic tourism and winter technology",
        ],
    },
    Region {
        code: "seinajoki",
        names: ["Seinäjoki", "Seinäjoki", "Seinäjoki"],
        council: "south-ostrobothnia",
        population: 66_000,
        lat_lon_milli: (62_790, 22_840),
        municipalities: &[("Seinäjoki", "Seinäjoki", true)],
        focus: [
            "Ruokaketju ja älykäs maatalous",
            "Livsmedelskedjan och smart jordbruk",
            "Food chain and smart agriculture",
        ],
    },
    Region {
        code: "tampere",
        names: ["Tampere", "Tammerfors", "Tampere"],
        council: "pirkanmaa",
        population: 260_000,
        lat_lon_milli: (61_498, 23_761),
        municipalities: &[("Tampere", "Tammerfors", true)],
        focus: [
            "Siruosaaminen, älykäs liikenne ja teollisuus",
            "Chipkompetens, smart trafik och industri",
            "Chip expertise, smart mobility and industry",
        ],
    },
    Region {
        code: "turku",
        names: ["Turku", "Åbo", "Turku"],
        council: "helsinki-uusimaa",
        population: 205_000,
        lat_lon_milli: (60_452, 22_267),
        municipalities: &[("Turku", "Åbo", true)],
        focus: [
            "Meriteollisuus, lääkekehitys ja biotieteet",
            "Marin industri, läkemedelsutveckling och biovetenskap",
            "Maritime industry, drug development and life sciences",
        ],
    },
    Region {
        code: "vaasa",
        names: ["Vaasa", "Vasa", "Vaasa"],
        council: "ostrobothnia",
        population: 68_000,
        lat_lon_milli: (63_096, 21_616),
        municipalities: &[("Vaasa", "Vasa", true)],
        focus: [
            "Energiateknologia ja sähköistyminen",
            "Energiteknologi och elektrifiering",
            "Energy technology and electrification",
        ],
    },
];

pub const THEMES: [Classifier; 3] = [
    Classifier {
        code: "sustainable-transition",
        names: [
            "Kestävä siirtymä",
            "Hållbar omställning",
            "Sustainable transition",
        ],
    },
    Classifier {
        code: "digitalisation",
        names: [
            "Digitalisaatio ja uudet teknologiat",
            "Digitalisering och ny teknik",
            "Digitalisation and new technologies",
        ],
    },
    Classifier {
        code: "wellbeing",
        names: ["Hyvinvointi", "Välmående", "Wellbeing"],
    },
];

pub const ACTIONS: [Classifier; 6] = [
    Classifier {
        code: "platforms",
        names: [
            "Kaupungit kehitys- ja kokeilualustoina",
            "Städer som plattformar för utveckling och experiment",
            "Cities as platforms for development and experiments",
        ],
    },
    Classifier {
        code: "startups",
        names: [
            "Startup-ekosysteemin kehittäminen",
            "Utveckling av startup-ekosystemet",
            "Development of the start-up ecosystem",
        ],
    },
    Classifier {
        code: "investments",
        names: [
            "Investoinnit, suunnittelu ja julkiset hankinnat",
            "Investeringar, planering och offentlig upphandling",
            "Investments, planning and public procurement",
        ],
    },
    Classifier {
        code: "demonstrations",
        names: [
            "Energiatehokkuutta ja kiertotaloutta edistävät demonstraatiot",
            "Demonstrationer som främjar energieffektivitet och cirkulär ekonomi",
            "Demonstrations promoting energy efficiency and circular economy",
        ],
    },
    Classifier {
        code: "talent",
        names: [
            "Kansainvälisten osaajien houkuttelu ja saatavuus",
            "Att locka internationella experter och deras tillgänglighet",
            "Attracting international experts and their availability",
        ],
    },
    Classifier {
        code: "digital-investments",
        names: [
            "Yritysten digitaalisten investointien vauhdittaminen",
            "Påskyndande av företagens digitala investeringar",
            "Accelerating the digital investments of businesses",
        ],
    },
];

/// Funding sources: code, names in fi / sv / en, public money or not.
pub const FUNDING_SOURCES: [(&str, [&str; 3], bool); 5] = [
    ("eu", ["EU (EAKR)", "EU (Eruf)", "EU (ERDF)"], true),
    ("state", ["Valtio", "Staten", "State"], true),
    ("city", ["Kaupunki", "Staden", "City"], true),
    (
        "other_public",
        ["Muu julkinen", "Annan offentlig", "Other public"],
        true,
    ),
    ("private", ["Yksityinen", "Privat", "Private"], false),
];

pub const INDICATORS: [IndicatorDef; 5] = [
    IndicatorDef {
        code: "IK-PLAT",
        names: [
            "Yhteiskehittämistä tukevat alustat ja verkostot",
            "Plattformar och nätverk som stöder gemensam utveckling",
            "Platforms and networks participating in supporting joint development",
        ],
        definitions: [
            "Kehitys-, kokeilu- ja innovaatioalustat sekä verkostot, jotka osallistuvat yhteiskehittämisen tukemiseen. Ilmoitetaan juokseva kokonaismäärä.",
            "Utvecklings-, försöks- och innovationsplattformar samt nätverk som deltar i att stödja gemensam utveckling. Det löpande totalantalet rapporteras.",
            "Development, testing and innovation platforms and networks taking part in supporting joint development. The running total is reported.",
        ],
        unit: "count",
        cumulative: true,
        eu_code: None,
        headline: Some("platforms"),
        lists_companies: false,
    },
    IndicatorDef {
        code: "IK-COMP",
        names: [
            "Yhteiskehittämiseen osallistuvat yritykset",
            "Företag som deltar i gemensam utveckling",
            "Companies participating in joint development",
        ],
        definitions: [
            "Yritykset, jotka osallistuvat aktiivisesti yhteiskehittämiseen. Yritykset ilmoitetaan Y-tunnuksin, jolloin sama yritys lasketaan kansallisesti kerran.",
            "Företag som aktivt deltar i gemensam utveckling. Företagen anges med FO-nummer, så att samma företag räknas en gång nationellt.",
            "Companies actively taking part in joint development. Companies are listed by Business ID so that each is counted once nationally.",
        ],
        unit: "count",
        cumulative: true,
        eu_code: None,
        headline: Some("companies"),
        lists_companies: true,
    },
    IndicatorDef {
        code: "IK-INNO",
        names: [
            "Innovaatiot, tuotteet tai palvelut",
            "Innovationer, produkter eller tjänster",
            "Innovations, products or services",
        ],
        definitions: [
            "Hankkeessa syntyneet uudet innovaatiot, tuotteet tai palvelut. Jokainen kausi lisää uudet.",
            "Nya innovationer, produkter eller tjänster som projektet gett upphov till. Varje period lägger till de nya.",
            "New innovations, products or services created in the project. Each period adds the new ones.",
        ],
        unit: "count",
        cumulative: false,
        eu_code: None,
        headline: Some("innovations"),
        lists_companies: false,
    },
    IndicatorDef {
        code: "RCO01",
        names: [
            "Tuetut yritykset",
            "Företag som får stöd",
            "Enterprises supported",
        ],
        definitions: [
            "Yritykset, jotka saavat rahallista tai muuta tukea (EU 2021/1058, liite I, RCO 01).",
            "Företag som får ekonomiskt eller annat stöd (EU 2021/1058, bilaga I, RCO 01).",
            "Enterprises receiving monetary or non-monetary support (Reg. (EU) 2021/1058, annex I, RCO 01).",
        ],
        unit: "enterprises",
        cumulative: true,
        eu_code: Some("RCO 01"),
        headline: None,
        lists_companies: true,
    },
    IndicatorDef {
        code: "RCO10",
        names: [
            "Tutkimusorganisaatioiden kanssa yhteistyötä tekevät yritykset",
            "Företag som samarbetar med forskningsorganisationer",
            "Enterprises cooperating with research organisations",
        ],
        definitions: [
            "Yritykset, jotka tekevät aktiivista yhteistyötä tutkimusorganisaatioiden kanssa tutkimus- ja innovaatiohankkeissa. Pelkkä palvelun osto ei ole yhteistyötä (EU 2021/1058, liite I, RCO 10).",
            "Företag som aktivt samarbetar med forskningsorganisationer i forsknings- och innovationsprojekt. Enbart köp av en tjänst räknas inte (EU 2021/1058, bilaga I, RCO 10).",
            "Enterprises cooperating actively with research organisations in research and innovation projects; a bare service purchase does not count (Reg. (EU) 2021/1058, annex I, RCO 10).",
        ],
        unit: "enterprises",
        cumulative: true,
        eu_code: Some("RCO 10"),
        headline: None,
        lists_companies: true,
    },
];
