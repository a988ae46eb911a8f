//! The demo portfolio's names: implementing organisations per city region and the topics
//! project names are made of (after each region's focus ecosystems). Business IDs of the
//! demo are synthetic (valid check digits, not the organisations' real IDs).

/// (name, kind) of organisations by region code; `"national"` are research institutes
/// working across regions.
pub const ORGANISATIONS: [(&str, &[(&str, &str)]); 17] = [
    (
        "capital",
        &[
            ("Helsingin yliopisto", "university"),
            ("Aalto-yliopisto", "university"),
            (
                "Metropolia Ammattikorkeakoulu",
                "university_of_applied_sciences",
            ),
            (
                "Laurea-ammattikorkeakoulu",
                "university_of_applied_sciences",
            ),
            (
                "Haaga-Helia ammattikorkeakoulu",
                "university_of_applied_sciences",
            ),
            ("Forum Virium Helsinki Oy", "city_company"),
            ("Espoon kaupunki", "city"),
        ],
    ),
    (
        "joensuu",
        &[
            ("Itä-Suomen yliopisto", "university"),
            (
                "Karelia-ammattikorkeakoulu",
                "university_of_applied_sciences",
            ),
            ("Business Joensuu Oy", "city_company"),
            ("Joensuun kaupunki", "city"),
        ],
    ),
    (
        "jyvaskyla",
        &[
            ("Jyväskylän yliopisto", "university"),
            (
                "Jyväskylän ammattikorkeakoulu",
                "university_of_applied_sciences",
            ),
            ("Jyväskylän Kehitys Jykes Oy", "city_company"),
            ("Jyväskylän kaupunki", "city"),
            ("Keski-Suomen kauppakamari", "association"),
        ],
    ),
    (
        "kokkola",
        &[
            (
                "Centria-ammattikorkeakoulu",
                "university_of_applied_sciences",
            ),
            ("Kokkolan yliopistokeskus Chydenius", "university"),
            ("Kokkolanseudun Kehitys Oy", "city_company"),
            ("Kokkolan kaupunki", "city"),
            ("Kokkolan Suurteollisuusalue Oy", "company"),
        ],
    ),
    (
        "kuopio",
        &[
            (
                "Savonia-ammattikorkeakoulu",
                "university_of_applied_sciences",
            ),
            ("Kuopio Health ry", "association"),
            ("Kuopion kaupunki", "city"),
            ("Kuopion Tiedepuisto Oy", "city_company"),
            ("Pohjois-Savon hyvinvointialue", "other_public"),
        ],
    ),
    (
        "lahti",
        &[
            ("LAB-ammattikorkeakoulu", "university_of_applied_sciences"),
            ("Lahden Seudun Kehitys Ladec Oy", "city_company"),
            ("Lahden kaupunki", "city"),
            ("Päijät-Hämeen jätehuolto Oy", "company"),
        ],
    ),
    (
        "lappeenranta",
        &[
            ("LUT-yliopisto", "university"),
            ("Lappeenrannan kaupunki", "city"),
            ("Imatran kaupunki", "city"),
            ("Wirma Lappeenranta Oy", "city_company"),
            ("Imatran Seudun Kehitysyhtiö Oy", "city_company"),
        ],
    ),
    (
        "mikkeli",
        &[
            (
                "Kaakkois-Suomen ammattikorkeakoulu Xamk",
                "university_of_applied_sciences",
            ),
            ("Mikkelin kaupunki", "city"),
            ("Mikkelin Kehitysyhtiö Miksei Oy", "city_company"),
            ("Metsäsairila Oy", "city_company"),
            ("Mikkelin vesilaitos", "other_public"),
        ],
    ),
    (
        "oulu",
        &[
            ("Oulun yliopisto", "university"),
            ("Oulun ammattikorkeakoulu", "university_of_applied_sciences"),
            ("Oulun Seudun Kehitys Oy", "city_company"),
            ("Oulun kaupunki", "city"),
            ("Oulun Teknologiakylä Oy", "company"),
        ],
    ),
    (
        "pori",
        &[
            (
                "Satakunnan ammattikorkeakoulu",
                "university_of_applied_sciences",
            ),
            ("Prizztech Oy", "city_company"),
            ("Porin kaupunki", "city"),
            ("Porin Energia Oy", "city_company"),
        ],
    ),
    (
        "kajaani",
        &[
            (
                "Kajaanin ammattikorkeakoulu",
                "university_of_applied_sciences",
            ),
            ("Kajaanin kaupunki", "city"),
            ("Sotkamon kunta", "other_public"),
            ("Kainuun Edistämisyhdistys ry", "association"),
            (
                "CSC – Tieteen tietotekniikan keskus Oy",
                "research_institute",
            ),
        ],
    ),
    (
        "rovaniemi",
        &[
            ("Lapin yliopisto", "university"),
            ("Lapin ammattikorkeakoulu", "university_of_applied_sciences"),
            ("Rovaniemen kaupunki", "city"),
            ("Rovaniemen Kehitys Oy", "city_company"),
            ("Arktisen muotoilun verkosto ry", "association"),
        ],
    ),
    (
        "seinajoki",
        &[
            (
                "Seinäjoen ammattikorkeakoulu",
                "university_of_applied_sciences",
            ),
            ("Seinäjoen kaupunki", "city"),
            ("Into Seinäjoki Oy", "city_company"),
            ("Foodwest Oy", "company"),
        ],
    ),
    (
        "tampere",
        &[
            ("Tampereen yliopisto", "university"),
            (
                "Tampereen ammattikorkeakoulu",
                "university_of_applied_sciences",
            ),
            ("Business Tampere Oy", "city_company"),
            ("Tampereen kaupunki", "city"),
            ("Tampereen Kaupunkiliikenne Oy", "city_company"),
            ("Hermia Oy", "company"),
        ],
    ),
    (
        "turku",
        &[
            ("Turun yliopisto", "university"),
            ("Åbo Akademi", "university"),
            ("Turun ammattikorkeakoulu", "university_of_applied_sciences"),
            ("Turku Science Park Oy", "city_company"),
            ("Turun kaupunki", "city"),
            ("Meriteollisuuden kehittämiskeskus ry", "association"),
        ],
    ),
    (
        "vaasa",
        &[
            ("Vaasan yliopisto", "university"),
            (
                "Vaasan ammattikorkeakoulu",
                "university_of_applied_sciences",
            ),
            ("Yrkeshögskolan Novia", "university_of_applied_sciences"),
            ("Vaasanseudun Kehitys Oy", "city_company"),
            ("Vaasan kaupunki", "city"),
        ],
    ),
    (
        "national",
        &[
            ("Teknologian tutkimuskeskus VTT Oy", "research_institute"),
            ("Luonnonvarakeskus", "research_institute"),
            ("Geologian tutkimuskeskus", "research_institute"),
            ("Suomen ympäristökeskus", "research_institute"),
        ],
    ),
];

/// A topic: names in fi / sv / en and its theme's code.
pub type Topic = ([&'static str; 3], &'static str);

const S: &str = "sustainable-transition";
const D: &str = "digitalisation";
const W: &str = "wellbeing";

/// Four topics per region, in the order of [`super::plan::REGION_PLANS`].
pub const TOPICS: [[Topic; 4]; 16] = [
    [
        (["Älykäs kaupunki", "Smart stad", "Smart city"], D),
        (
            ["Terveysteknologia", "Hälsoteknologi", "Health technology"],
            W,
        ),
        (
            ["Kvanttiteknologia", "Kvantteknologi", "Quantum technology"],
            D,
        ),
        (
            ["Kestävä liikenne", "Hållbar trafik", "Sustainable mobility"],
            S,
        ),
    ],
    [
        (["Metsätekoäly", "Skoglig AI", "Forest AI"], D),
        (["Puurakentaminen", "Träbyggande", "Wood construction"], S),
        (["Biotalous", "Bioekonomi", "Bioeconomy"], S),
        (
            [
                "Hyvinvointipalvelut",
                "Välfärdstjänster",
                "Wellbeing services",
            ],
            W,
        ),
    ],
    [
        (["Kyberturvallisuus", "Cybersäkerhet", "Cyber security"], D),
        (
            [
                "Liikunta ja hyvinvointi",
                "Idrott och välmående",
                "Sport and wellbeing",
            ],
            W,
        ),
        (["Biotalous", "Bioekonomi", "Bioeconomy"], S),
        (
            [
                "Koulutusteknologia",
                "Utbildningsteknologi",
                "Education technology",
            ],
            D,
        ),
    ],
    [
        (
            ["Akkumineraalit", "Batterimineraler", "Battery minerals"],
            S,
        ),
        (
            [
                "Hyvinvointiteollisuuden raaka-aineet",
                "Råvaror för välmåendeindustrin",
                "Raw materials for the wellness industry",
            ],
            W,
        ),
        (
            ["Kemianteollisuus", "Kemisk industri", "Chemical industry"],
            S,
        ),
        (
            [
                "Teollinen internet",
                "Industriellt internet",
                "Industrial internet",
            ],
            D,
        ),
    ],
    [
        (
            ["Terveysteknologia", "Hälsoteknologi", "Health technology"],
            W,
        ),
        (["Ravitsemus", "Nutrition", "Nutrition"], W),
        (
            ["Digitaalinen terveys", "Digital hälsa", "Digital health"],
            D,
        ),
        (["Vesiosaaminen", "Vattenkompetens", "Water expertise"], S),
    ],
    [
        (["Kiertotalous", "Cirkulär ekonomi", "Circular economy"], S),
        (
            [
                "Ympäristöteknologia",
                "Miljöteknik",
                "Environmental technology",
            ],
            S,
        ),
        (["Muotoilu", "Design", "Design"], D),
        (
            ["Urheiluteknologia", "Idrottsteknologi", "Sports technology"],
            W,
        ),
    ],
    [
        (["Vihreä vety", "Grönt väte", "Green hydrogen"], S),
        (["Puhdas energia", "Ren energi", "Clean energy"], S),
        (
            [
                "Hiilidioksidin talteenotto",
                "Koldioxidavskiljning",
                "Carbon capture",
            ],
            S,
        ),
        (
            [
                "Digitaaliset palvelut",
                "Digitala tjänster",
                "Digital services",
            ],
            D,
        ),
    ],
    [
        (["Puhdas vesi", "Rent vatten", "Clean water"], S),
        (
            [
                "Lietteiden hyödyntäminen",
                "Slamanvändning",
                "Sludge utilisation",
            ],
            S,
        ),
        (
            [
                "Digitaalinen arkistointi",
                "Digital arkivering",
                "Digital archiving",
            ],
            D,
        ),
        (
            [
                "Hyvinvointimatkailu",
                "Välmåendeturism",
                "Wellbeing tourism",
            ],
            W,
        ),
    ],
    [
        (["6G-teknologiat", "6G-teknologier", "6G technologies"], D),
        (
            ["Terveysteknologia", "Hälsoteknologi", "Health technology"],
            W,
        ),
        (["Älykäs teollisuus", "Smart industri", "Smart industry"], D),
        (
            [
                "Arktinen rakentaminen",
                "Arktiskt byggande",
                "Arctic construction",
            ],
            S,
        ),
    ],
    [
        (
            ["Energiamurros", "Energiomställning", "Energy transition"],
            S,
        ),
        (
            [
                "Teollinen kiertotalous",
                "Industriell cirkulär ekonomi",
                "Industrial circular economy",
            ],
            S,
        ),
        (
            ["Akkuteknologia", "Batteriteknologi", "Battery technology"],
            S,
        ),
        (["Robotiikka", "Robotik", "Robotics"], D),
    ],
    [
        (["Datakeskukset", "Datacenter", "Data centres"], D),
        (["Supertietokoneet", "Superdatorer", "Supercomputers"], D),
        (
            ["Mittaustekniikka", "Mätteknik", "Measurement technology"],
            D,
        ),
        (["Luontomatkailu", "Naturturism", "Nature tourism"], W),
    ],
    [
        (["Arktinen matkailu", "Arktisk turism", "Arctic tourism"], W),
        (
            ["Talviteknologia", "Vinterteknologi", "Winter technology"],
            D,
        ),
        (
            ["Luovat alat", "Kreativa branscher", "Creative industries"],
            W,
        ),
        (
            [
                "Arktinen biotalous",
                "Arktisk bioekonomi",
                "Arctic bioeconomy",
            ],
            S,
        ),
    ],
    [
        (["Ruokaketju", "Livsmedelskedjan", "Food chain"], S),
        (
            ["Älykäs maatalous", "Smart jordbruk", "Smart agriculture"],
            D,
        ),
        (["Yrittäjyys", "Företagande", "Entrepreneurship"], W),
        (["Bioenergia", "Bioenergi", "Bioenergy"], S),
    ],
    [
        (["Siruosaaminen", "Chipkompetens", "Chip expertise"], D),
        (["Älykäs liikenne", "Smart trafik", "Smart mobility"], S),
        (
            [
                "Teollisuuden digitalisaatio",
                "Industrins digitalisering",
                "Industrial digitalisation",
            ],
            D,
        ),
        (
            ["Terveysteknologia", "Hälsoteknologi", "Health technology"],
            W,
        ),
    ],
    [
        (["Meriteollisuus", "Marin industri", "Maritime industry"], S),
        (
            ["Lääkekehitys", "Läkemedelsutveckling", "Drug development"],
            W,
        ),
        (["Biotieteet", "Biovetenskap", "Life sciences"], W),
        (
            [
                "Tekoäly",
                "Artificiell intelligens",
                "Artificial intelligence",
            ],
            D,
        ),
    ],
    [
        (
            ["Energiateknologia", "Energiteknologi", "Energy technology"],
            S,
        ),
        (["Sähköistyminen", "Elektrifiering", "Electrification"], S),
        (
            ["Akkuarvoketju", "Batterivärdekedjan", "Battery value chain"],
            S,
        ),
        (["Energiadata", "Energidata", "Energy data"], D),
    ],
];

/// What kind of work a project does; combined with a topic into a project name.
pub const KINDS: [[&str; 3]; 6] = [
    [
        "kehitysalusta",
        "utvecklingsplattform",
        "development platform",
    ],
    ["kokeiluympäristö", "testmiljö", "test environment"],
    [
        "yhteiskehittämisohjelma",
        "samutvecklingsprogram",
        "co-development programme",
    ],
    [
        "osaamiskeskittymä",
        "kompetenskluster",
        "competence cluster",
    ],
    ["pilotointi", "pilotering", "piloting"],
    ["kasvuekosysteemi", "tillväxtekosystem", "growth ecosystem"],
];
