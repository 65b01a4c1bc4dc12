/// Word lists for names and texts; Norwegian, with æ, ø and å.
enum NorwegianWords {
    static let supplierPrefixes = [
        "Bjørk", "Fjell", "Nord", "Sør", "Øst", "Vest", "Hav", "Skog", "Stein", "Lys", "Å", "Dal", "Grønn",
        "Blå", "Fjord", "Mø", "Vik", "Strand", "Ål", "Rø", "Tø", "Lø", "Hø", "Brå", "Sæ", "Kvæ",
    ]
    static let supplierSuffixes = ["li", "heim", "vik", "dal", "berg", "land", "rud", "stad", "ås", "nes", "øy", "by", "sæter"]
    static let trades = [
        "Trelast", "Byggevarer", "Stål", "Isolasjon", "Maling", "Rør", "Elektro", "Sag", "Beslag", "Verktøy",
        "Fliser", "Tak", "Vinduer", "Dører", "Betong", "Gips", "Lim og fug", "Skruer",
    ]
    static let legalForms = ["AS", "AS", "AS", "ASA", "& Sønn AS"]
    static let currencies = ["NOK", "NOK", "NOK", "NOK", "NOK", "NOK", "SEK", "EUR"]

    static let contractKinds = ["Rammeavtale", "Prisavtale", "Prosjektavtale", "Kjedeavtale", "Årsavtale", "Tilleggsavtale"]
    static let regions = ["Østlandet", "Sørlandet", "Vestlandet", "Trøndelag", "Nord-Norge", "Agder", "Møre og Romsdal"]

    static let conditionNames = [
        "Grunnrabatt", "Tilleggsrabatt", "Kampanjerabatt", "Prosjektrabatt", "Kjederabatt", "Sortimentsrabatt",
        "Rabatt på varegruppe", "Sesongrabatt høst", "Lojalitetsrabatt", "Bonus på tømmer",
    ]
    static let purchaseElementNames = ["Grunnrabatt", "Tilleggsrabatt", "Kampanje", "Kvantumsrabatt", "Fraktrabatt", "Særrabatt"]
    static let fullCostElementNames = ["Frakt og håndtering", "Lagerkostnad", "Påslag selvkost"]
    static let retailElementNames = ["Utsalgspåslag", "Veiledende påslag", "Butikkpåslag"]

    static let deliveryTypes = ["Lager", "Byggeplass", "Distribusjonslager"]
    static let zoneRegions = ["Oslo og omegn", "Østlandet", "Sørlandet", "Vestlandet", "Midt-Norge", "Nord-Norge"]
    static let priceUnits = ["STK", "STK", "STK", "PAK", "M", "M2", "M3", "KG", "L", "RL"]

    /// Item names by over group: a noun, variants and dimensions.
    static let products: [(noun: String, variants: [String], sizes: [String])] = [
        ("Terrassebord", ["furu impregnert", "gran", "royalbehandlet", "kompositt"], ["28x120", "28x145", "34x145"]),
        ("Konstruksjonsvirke", ["C24 gran", "C18 furu", "limtre GL30c"], ["36x98", "48x148", "48x198", "48x223"]),
        ("Gipsplate", ["standard", "våtrom", "brannhemmende", "takplate"], ["12,5 mm", "15 mm", "9,5 mm"]),
        ("Isolasjon", ["glassull", "steinull", "trefiber"], ["50 mm", "100 mm", "150 mm", "200 mm"]),
        ("Skrue", ["rustfri A4", "varmforsinket", "gipsskrue", "terrasseskrue"], ["4,2x55", "5x80", "3,9x41", "6x120"]),
        ("Maling", ["utendørs akryl", "innendørs vegg", "grunning", "beis"], ["0,68 l", "2,7 l", "9 l"]),
        ("Takstein", ["betong sort", "tegl rød", "glassert"], ["standard", "møne", "gavl"]),
        ("Vindu", ["topphengslet", "sidehengslet", "fastkarm"], ["60x60", "100x120", "120x150"]),
        ("Innerdør", ["slett hvit", "glatt eik", "3-fylling"], ["8x21", "9x21", "10x21"]),
        ("Flis", ["porselen grå", "keramikk hvit", "mosaikk"], ["30x60", "60x60", "10x10"]),
        ("Rør", ["PEX", "kobber", "PP avløp"], ["15 mm", "22 mm", "110 mm"]),
        ("Fugemasse", ["sanitær hvit", "akryl", "brannfuge"], ["300 ml", "600 ml"]),
        ("Betong", ["tørrbetong B20", "finbetong", "mørtel"], ["25 kg", "1000 kg"]),
        ("Beslag", ["vinkelbeslag", "bjelkesko", "hengsel"], ["60 mm", "90 mm", "140 mm"]),
        ("Kabel", ["PFSP", "PR", "jordkabel"], ["3G1,5", "3G2,5", "5G6"]),
        ("Spikerplate", ["varmforsinket", "rustfri"], ["100x200", "150x300"]),
    ]
}
