"""Regenerate fixtures/site: invented Dutch wire news in ANP format (no real text).

Usage: python tests/e2e/make_fixture_site.py fixtures/site

Review the diff afterwards; the e2e tests, the pipeline tests and ``anp-archive demo``
all read the generated files.
"""

import html
import pathlib
import sys

OUT = pathlib.Path(sys.argv[1])
S = {
 "binnenland": [
  ("kabinet-trekt-geld-uit-voor-studentenreizen", "Kabinet trekt extra geld uit voor studentenreizen", "DEN HAAG", "ANP", "-",
   ["Het kabinet trekt volgend jaar 42 miljoen euro extra uit om het reisproduct voor studenten ook in de avondspits geldig te houden. Dat schrijft minister Van der Laan van Onderwijs in een brief aan de Tweede Kamer.",
    "Vervoerders hadden gewaarschuwd dat zij de drukste treinen niet langer gratis voor studenten konden openstellen zonder extra vergoeding. Met het geld kunnen volgens de minister ruim twintig extra treinstellen worden ingezet.",
    "Studentenorganisaties reageren opgelucht, maar noemen de afspraak tijdelijk. Zij willen dat de regeling na 2028 in de wet wordt vastgelegd."]),
  ("seinstoring-legt-treinverkeer-rond-utrecht-stil", "Seinstoring legt treinverkeer rond Utrecht urenlang stil", "UTRECHT", "ANP", "-",
   ["Door een seinstoring bij Utrecht Centraal hebben treinen in het midden van het land dinsdagochtend urenlang stilgestaan. Reizigers tussen Amsterdam, Arnhem en Den Bosch moesten rekening houden met een extra reistijd van minstens een uur.",
    "Spoorbeheerder ProRail spreekt van een defect in een computersysteem dat de seinen aanstuurt. Monteurs hadden de storing rond het middaguur verholpen."]),
  ("veerdienst-vlissingen-breskens-vaart-weer", "Veerdienst Vlissingen-Breskens vaart weer na stormschade", "VLISSINGEN", "ANP", "–",
   ["De voet- en fietsveerdienst tussen Vlissingen en Breskens vaart sinds woensdag weer volgens de normale dienstregeling. De veerboot lag bijna een week stil nadat de aanlegsteiger in Breskens bij een storm beschadigd was geraakt.",
    "De provincie Zeeland laat weten dat de steiger voorlopig met een noodconstructie is hersteld. Een definitieve reparatie volgt in het voorjaar."]),
  ("noordbrabants-museum-krijgt-onbekende-tekening", "Noordbrabants Museum krijgt onbekende tekening in bruikleen", "'S-HERTOGENBOSCH", "ANP", "-",
   ["Het Noordbrabants Museum krijgt een tot nu toe onbekende tekening uit de omgeving van Jheronimus Bosch in bruikleen. Het werk dook vorig jaar op bij een particuliere verzamelaar in België.",
    "Onderzoekers van het museum hebben de tekening anderhalf jaar bestudeerd. Zij gaan ervan uit dat een leerling van de schilder het werk rond 1510 heeft gemaakt."]),
  ("amsterdam-sluit-drie-grachtenbruggen", "Amsterdam sluit drie grachtenbruggen voor zwaar verkeer", "AMSTERDAM", "ANP", "-",
   ["De gemeente Amsterdam sluit drie bruggen over de Keizersgracht per direct voor vrachtwagens en bussen. Uit metingen blijkt dat de kademuren onder de bruggen sneller verzakken dan werd aangenomen.",
    "Bevoorrading van winkels in het centrum moet voorlopig met kleinere, elektrische voertuigen gebeuren. De wethouder verwacht dat de maatregel zeker twee jaar blijft gelden."]),
  ("waterschap-versterkt-dijk-bij-middelburg", "Waterschap begint aan versterking dijk bij Middelburg", "MIDDELBURG", "ANP", "-",
   ["Waterschap Scheldestromen begint maandag aan de versterking van een dijkvak van vier kilometer ten noorden van Middelburg. Het werk moet de dijk bestand maken tegen de hogere waterstanden die tegen 2050 worden verwacht.",
    "Tijdens de werkzaamheden is het fietspad op de dijk afgesloten. Fietsers worden omgeleid via de polderweg."]),
 ],
 "buitenland": [
  ("amerikaans-congres-akkoord-over-noodbegroting", "Amerikaans Congres bereikt akkoord over noodbegroting", "WASHINGTON", "ANP/AFP", "-",
   ["Democraten en Republikeinen in het Amerikaanse Congres hebben op het laatste moment een akkoord bereikt over een noodbegroting. Daarmee is een sluiting van de federale overheid voorlopig afgewend.",
    "De tijdelijke begroting loopt tot half maart. Over de uitgaven aan defensie en grensbewaking moet dan opnieuw worden onderhandeld."]),
  ("franse-spoorstaking-treft-miljoenen-reizigers", "Franse spoorstaking treft miljoenen reizigers", "PARIJS", "ANP/AFP", "-",
   ["Een landelijke staking bij de Franse spoorwegen heeft donderdag miljoenen reizigers getroffen. Slechts een op de drie hogesnelheidstreinen reed, ook de verbindingen met Brussel en Amsterdam vielen deels uit.",
    "De vakbonden protesteren tegen plannen om de pensioenleeftijd voor machinisten te verhogen. Zij dreigen de acties volgende week te herhalen."]),
  ("duitsland-investeert-miljarden-in-spoor", "Duitsland investeert miljarden in verouderd spoornet", "BERLIJN", "ANP/DPA", "–",
   ["De Duitse regering trekt de komende tien jaar 60 miljard euro uit voor het vernieuwen van het spoornet. Dat heeft de minister van Verkeer in Berlijn bekendgemaakt.",
    "Duitse treinen kampen al jaren met grote vertragingen. Volgens de minister is een groot deel van de wissels en bruggen ouder dan vijftig jaar."]),
  ("zware-regen-veroorzaakt-overstromingen-in-sao-paulo", "Zware regen veroorzaakt overstromingen in São Paulo", "SÃO PAULO", "ANP/RTR", "-",
   ["Hevige regenval heeft in de Braziliaanse miljoenenstad São Paulo tot grote overstromingen geleid. Zeker zeven mensen kwamen om het leven, tienduizenden huishoudens zitten zonder stroom.",
    "De gouverneur van de deelstaat heeft de noodtoestand uitgeroepen. Meteorologen verwachten de komende dagen meer regen."]),
  ("veiligheidsraad-vergadert-over-voedselhulp", "Veiligheidsraad vergadert over voedselhulp in Soedan", "NEW YORK", "ANP/RTR", "-",
   ["De VN-Veiligheidsraad komt vrijdag in New York bijeen voor een spoedoverleg over voedselhulp in Soedan. Hulporganisaties waarschuwen dat miljoenen mensen de komende maanden honger dreigen te lijden.",
    "Konvooien met voedsel worden volgens de Verenigde Naties al weken tegengehouden bij controleposten."]),
  ("aardbeving-schudt-noorden-van-japan", "Aardbeving schudt noorden van Japan op", "TOKIO", "ANP/AFP", "-",
   ["Een aardbeving met een kracht van 6,4 heeft zaterdag het noorden van Japan opgeschrikt. Er kwam kort een tsunamiwaarschuwing voor de kust, die na een uur werd ingetrokken.",
    "Meldingen van grote schade of slachtoffers zijn er niet. Enkele treinverbindingen lagen uit voorzorg stil."]),
 ],
 "economie": [
  ("aex-sluit-hoger-na-sterke-techfondsen", "AEX sluit hoger dankzij sterke techfondsen", "AMSTERDAM", "ANP", "-",
   ["De Amsterdamse effectenbeurs is maandag hoger gesloten. Vooral technologiefondsen deden goede zaken na sterke cijfers uit de Verenigde Staten. De AEX eindigde 0,8 procent hoger.",
    "Chipfondsen stonden bovenaan de lijst van stijgers. Beleggers reageerden ook positief op nieuwe cijfers over de inflatie in de eurozone."]),
  ("chipmachinemaker-boekt-recordomzet", "Chipmachinemaker uit Eindhoven boekt recordomzet", "EINDHOVEN", "ANP/BLOOMBERG", "-",
   ["Een chipmachinemaker uit Eindhoven heeft over het afgelopen kwartaal een recordomzet geboekt van ruim 9 miljard euro. De vraag naar machines voor de productie van geavanceerde chips blijft groot.",
    "Het bedrijf waarschuwt wel dat nieuwe exportregels de verkoop aan Chinese klanten volgend jaar kunnen drukken."]),
  ("rotterdamse-haven-verwerkt-minder-containers", "Rotterdamse haven verwerkt minder containers", "ROTTERDAM", "ANP", "-",
   ["De haven van Rotterdam heeft in de eerste helft van het jaar 3 procent minder containers verwerkt dan een jaar eerder. Havenbedrijf Rotterdam wijt de daling aan de zwakke wereldhandel.",
    "De overslag van vloeibare bulk, zoals olie en chemicaliën, bleef ongeveer gelijk. Het havenbedrijf verwacht in het najaar een licht herstel."]),
  ("ecb-laat-rente-ongemoeid", "ECB laat rente ongemoeid", "FRANKFURT", "ANP/RTR", "-",
   ["De Europese Centrale Bank houdt de rente voorlopig op hetzelfde niveau. Dat heeft de bank donderdag in Frankfurt bekendgemaakt na de maandelijkse vergadering.",
    "Volgens de ECB daalt de inflatie in de eurozone minder snel dan gehoopt. Economen gaan ervan uit dat een renteverlaging pas in de zomer volgt."]),
 ],
}
SECTION_TITLE = {"binnenland": "Binnenland", "buitenland": "Buitenland", "economie": "Economie"}
STYLE = {"binnenland": "a", "economie": "a", "buitenland": "b"}
MINUTES = [7, 34, 58, 95, 160, 250, 330]

def age(i):
    m = MINUTES[i % len(MINUTES)]
    return f"{m} minuten geleden" if m < 60 else f"{m // 60} uur geleden"

e = html.escape
NAV = ('<nav class="hoofdmenu"><a href="/">Home</a> <a href="/nieuws">Nieuws</a> '
       '<a href="/nieuws/binnenland">Binnenland</a> <a href="/nieuws/buitenland">Buitenland</a> '
       '<a href="/nieuws/economie">Economie</a> <a href="/contact">Contact</a></nav>')
FOOT = '<footer><p>Wire-berichten: ANP. Deze oefensite is verzonnen.</p><a href="/privacy">Privacy</a></footer>'

def page(title, body):
    return (f'<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n<title>{e(title)} | Oefennieuws</title>\n'
            f'<link rel="stylesheet" href="/static/site.css">\n</head>\n<body>\n<header>{NAV}</header>\n{body}\n{FOOT}\n</body>\n</html>\n')

def ticker_a(items):
    lis = []
    for j, (slug, _title, place, ag, dash, paras) in items:
        lis.append(f'<li class="ticker-item"><a href="/nieuws/{slug}"><p>{e(place)} ({ag}) {dash} {e(paras[0])}</p></a>'
                   f'<span class="age">{age(j)}</span></li>')
    return "\n".join(lis)

def ticker_b(items):
    out = []
    for j, (slug, title, place, ag, dash, paras) in items:
        out.append(f'<div class="item"><h3><a href="/nieuws/{slug}">{e(title)}</a></h3>'
                   f'<div class="intro">{e(place)} ({ag}) {dash} {e(paras[0])}</div><time class="ago">{age(j)}</time></div>')
    return "\n".join(out)

def article(section, i, story):
    _slug, title, place, ag, dash, paras = story
    others = [(j, s) for j, s in enumerate(S[section]) if j != i][:5]
    sec = SECTION_TITLE[section]
    first = f"{place} ({ag}) {dash} {paras[0]}"
    if STYLE[section] == "a":
        body = (f'<main>\n<article class="artikel">\n<h1>{e(title)}</h1>\n<p class="datum">Bron: ANP</p>\n'
                + "".join(f"<p>{e(p)}</p>\n" for p in [first, *paras[1:]])
                + f'</article>\n<aside class="meer-uit">\n<h2>Meer uit {sec}</h2>\n<ul class="ticker">\n{ticker_a(others)}\n</ul>\n</aside>\n</main>')
    else:
        body = (f'<div id="content"><div class="story"><div class="kop"><h1 class="titel">{e(title)}</h1></div>\n'
                f'<div class="tekst">' + "".join(f"<p>{e(p)}</p>" for p in [first, *paras[1:]]) + '</div></div>\n'
                f'<div class="zijbalk"><h2 class="kopje">Meer uit {sec}</h2>\n{ticker_b(others)}\n</div></div>')
    return page(title, body)

def index_section(section, items, page_no, more):
    sec = SECTION_TITLE[section]
    nxt = f'<a class="volgende" href="/nieuws/{section}?page=2">Volgende pagina</a>' if more else ""
    prev = f'<a class="vorige" href="/nieuws/{section}">Vorige pagina</a>' if page_no == 2 else ""
    body = (f'<main class="overzicht">\n<h1>{sec}</h1>\n<h2>Meer uit {sec}</h2>\n<ul class="ticker">\n{ticker_a(items)}\n</ul>\n'
            f'<div class="paginering">{prev}{nxt}</div>\n</main>')
    return page(sec, body)

OUT.mkdir(parents=True, exist_ok=True)
(OUT / "nieuws").mkdir(exist_ok=True)
for section, stories in S.items():
    for i, st in enumerate(stories):
        (OUT / "nieuws" / f"{st[0]}.html").write_text(article(section, i, st), encoding="utf-8")
    idx = list(enumerate(stories))
    # page 1: first 3, page 2: next 1; the rest only through tickers (discovery matters)
    (OUT / "nieuws" / f"{section}.html").write_text(index_section(section, idx[:3], 1, True), encoding="utf-8")
    (OUT / "nieuws" / f"{section}@page=2.html").write_text(index_section(section, idx[3:4], 2, False), encoding="utf-8")

# front page: Net binnen + section links + two top stories
times = ["14:52", "14:31", "14:07", "13:40", "13:12", "12:58"]
latest = []
picks = [("binnenland", 0), ("buitenland", 0), ("economie", 0), ("binnenland", 1), ("buitenland", 1), ("economie", 1)]
for t, (sec, k) in zip(times, picks, strict=False):
    st = S[sec][k]
    latest.append(f'<li><span class="rubriek">{SECTION_TITLE[sec]}</span> <span class="tijd">{t}</span> <a href="/nieuws/{st[0]}">{e(st[1])}</a></li>')
body = ('<main class="voorpagina">\n<h1>Nieuws</h1>\n<section class="net-binnen"><h2>Net binnen</h2><ul>\n' + "\n".join(latest)
        + '\n</ul></section>\n<section class="rubrieken"><h2>Rubrieken</h2>'
        '<a href="/nieuws/binnenland">Binnenland</a> <a href="/nieuws/buitenland">Buitenland</a> <a href="/nieuws/economie">Economie</a>'
        '<a href="/nieuws/verborgen-bericht">Intern bericht</a></section>\n</main>')
(OUT / "nieuws.html").write_text(page("Nieuws", body), encoding="utf-8")
# disallowed by robots.txt: must never be fetched
(OUT / "nieuws" / "verborgen-bericht.html").write_text(article("binnenland", 0, ("verborgen-bericht", "Intern bericht dat niet gescraped mag worden", "ASSEN", "ANP", "-", ["Dit bericht staat achter een Disallow-regel in robots.txt en mag nooit in het archief belanden.", "Een scraper die robots.txt negeert, slaat deze pagina op."])), encoding="utf-8")
(OUT / "robots.txt").write_text("# Oefensite voor anp-archive\nUser-agent: *\nCrawl-delay: 0.05\nDisallow: /nieuws/verborgen-bericht\nDisallow: /zoeken\n", encoding="utf-8")
(OUT / "README.md").write_text(
    "# The demo / e2e fixture site\n\nInvented Dutch wire news in ANP format (no real text), served by\n"
    "`anp_archive.demo` (`anp-archive demo`). `/a/b?x=y` is served from `a/b@x=y.html`; `/robots.txt` as is.\n"
    "16 stories in 3 sections and two markup styles; section index pages list only part of them,\n"
    "the rest is reachable only through the `Meer uit` tickers. `/nieuws/verborgen-bericht` is\n"
    "disallowed by robots.txt and must never be fetched.\n", encoding="utf-8")
