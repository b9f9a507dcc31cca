"""Write a synthetic catalogue of Erasmus+ partnerships for the benchmarks.

    python bench/generate.py OUT_DIR --projects 10000 [--seed 1] [--peers]

OUT_DIR/site is a catalogue site for our generator; with --peers, OUT_DIR/hugo and
OUT_DIR/pelican hold the same pages (same titles, dates, summaries and Markdown bodies)
as a plain Hugo site and a plain Pelican site, so the peers build equivalent pages.

Every code comes from the generator's own vocabularies, so the catalogue passes
`showcase check`. The same seed always gives the same files: one `random.Random` is
consumed in a fixed order. Entries are written as soon as they are drawn, so memory stays
flat however many projects are asked for.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import yaml

from generator.vocabularies import BUILTIN_FOLDER

REFERENCE_DATE = date(2026, 6, 1)
"""The catalogue's "today": what is planned or final depends on it, not on the day it is generated."""

SECTIONS = ("organisations", "projects", "results", "events", "news")


class _FrontMatterDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes front matter as editors do: multi-line text as a `|` block. The C emitter is five times faster."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


_FrontMatterDumper.add_representer(str, _represent_text)

# ---------------------------------------------------------------------------------------------
# Places, names and words. Everything is invented; only the codes come from the vocabularies.

CITIES = {
    "AT": [("Graz", "Styria"), ("Linz", "Upper Austria"), ("Innsbruck", "Tyrol")],
    "BE": [("Ghent", "Flanders"), ("Liège", "Wallonia"), ("Leuven", "Flanders")],
    "BG": [("Plovdiv", "Plovdiv"), ("Varna", "Varna"), ("Ruse", "Ruse")],
    "HR": [("Split", "Split-Dalmatia"), ("Osijek", "Osijek-Baranja"), ("Rijeka", "Primorje-Gorski Kotar")],
    "CY": [("Limassol", "Limassol"), ("Larnaca", "Larnaca")],
    "CZ": [("Brno", "South Moravia"), ("Olomouc", "Olomouc"), ("Plzeň", "Plzeň")],
    "DK": [("Aarhus", "Central Jutland"), ("Odense", "Southern Denmark"), ("Aalborg", "North Jutland")],
    "EE": [("Tartu", "Tartu"), ("Pärnu", "Pärnu")],
    "FI": [("Tampere", "Pirkanmaa"), ("Oulu", "North Ostrobothnia"), ("Turku", "Southwest Finland")],
    "FR": [("Lyon", "Auvergne-Rhône-Alpes"), ("Nantes", "Pays de la Loire"), ("Lille", "Hauts-de-France")],
    "DE": [("Leipzig", "Saxony"), ("Freiburg", "Baden-Württemberg"), ("Bremen", "Bremen"), ("Kassel", "Hesse")],
    "GR": [("Thessaloniki", "Central Macedonia"), ("Patras", "Western Greece"), ("Heraklion", "Crete")],
    "HU": [("Debrecen", "Hajdú-Bihar"), ("Szeged", "Csongrád-Csanád"), ("Pécs", "Baranya")],
    "IE": [("Galway", "Connacht"), ("Cork", "Munster"), ("Limerick", "Munster")],
    "IT": [("Bologna", "Emilia-Romagna"), ("Turin", "Piedmont"), ("Bari", "Apulia"), ("Palermo", "Sicily")],
    "LV": [("Liepāja", "Kurzeme"), ("Daugavpils", "Latgale")],
    "LT": [("Kaunas", "Kaunas"), ("Klaipėda", "Klaipėda")],
    "LU": [("Esch-sur-Alzette", "Esch-sur-Alzette"), ("Differdange", "Esch-sur-Alzette")],
    "MT": [("Birkirkara", "Central"), ("Mosta", "Northern")],
    "NL": [("Utrecht", "Utrecht"), ("Groningen", "Groningen"), ("Eindhoven", "North Brabant")],
    "PL": [("Kraków", "Lesser Poland"), ("Wrocław", "Lower Silesia"), ("Lublin", "Lublin"), ("Gdańsk", "Pomerania")],
    "PT": [("Porto", "Norte"), ("Coimbra", "Centro"), ("Braga", "Norte")],
    "RO": [("Cluj-Napoca", "Cluj"), ("Iași", "Iași"), ("Timișoara", "Timiș")],
    "SK": [("Košice", "Košice"), ("Žilina", "Žilina")],
    "SI": [("Maribor", "Drava"), ("Celje", "Savinja")],
    "ES": [
        ("Valencia", "Valencian Community"),
        ("Seville", "Andalusia"),
        ("Bilbao", "Basque Country"),
        ("Zaragoza", "Aragon"),
    ],
    "SE": [("Gothenburg", "Västra Götaland"), ("Umeå", "Västerbotten"), ("Malmö", "Skåne")],
    "IS": [("Akureyri", "Northeast"), ("Reykjavík", "Capital Region")],
    "LI": [("Vaduz", "Oberland"), ("Schaan", "Oberland")],
    "NO": [("Bergen", "Vestland"), ("Trondheim", "Trøndelag"), ("Tromsø", "Troms")],
    "MK": [("Bitola", "Pelagonia"), ("Ohrid", "Southwestern")],
    "RS": [("Novi Sad", "Vojvodina"), ("Niš", "Nišava")],
    "TR": [("İzmir", "Aegean"), ("Bursa", "Marmara"), ("Konya", "Central Anatolia")],
    "UA": [("Lviv", "Lviv Oblast"), ("Kharkiv", "Kharkiv Oblast")],
    "GE": [("Kutaisi", "Imereti"), ("Batumi", "Adjara")],
    "AL": [("Shkodër", "Shkodër"), ("Durrës", "Durrës")],
    "BA": [("Mostar", "Herzegovina-Neretva"), ("Tuzla", "Tuzla")],
    "MD": [("Bălți", "Bălți"), ("Cahul", "Cahul")],
}
PARTNER_COUNTRIES = ("UA", "GE", "AL", "BA", "MD")
"""Third countries not associated to the programme: their organisations are only associated partners."""

COUNTRY_LANGUAGES = {
    "AT": ["de"],
    "BE": ["nl", "fr"],
    "BG": ["bg"],
    "HR": ["hr"],
    "CY": ["el"],
    "CZ": ["cs"],
    "DK": ["da"],
    "EE": ["et"],
    "FI": ["fi", "sv"],
    "FR": ["fr"],
    "DE": ["de"],
    "GR": ["el"],
    "HU": ["hu"],
    "IE": ["ga"],
    "IT": ["it"],
    "LV": ["lv"],
    "LT": ["lt"],
    "LU": ["lb", "fr", "de"],
    "MT": ["mt"],
    "NL": ["nl"],
    "PL": ["pl"],
    "PT": ["pt"],
    "RO": ["ro"],
    "SK": ["sk"],
    "SI": ["sl"],
    "ES": ["es", "ca", "eu", "gl"],
    "SE": ["sv"],
    "IS": ["is"],
    "LI": ["de"],
    "NO": ["no"],
    "MK": ["mk"],
    "RS": ["sr"],
    "TR": ["tr"],
    "UA": ["uk"],
    "GE": ["ka"],
    "AL": ["sq"],
    "BA": ["bs"],
    "MD": ["ro"],
}

SPLIT_AGENCIES = {
    "DE": {"SCH": "DE03", "VET": "DE02", "ADU": "DE02", "HED": "DE01", "YOU": "DE04"},
    "FR": {"YOU": "FR02"},
    "IT": {"SCH": "IT02", "ADU": "IT02", "HED": "IT02", "YOU": "IT03"},
    "ES": {"YOU": "ES02"},
    "BE": {"YOU": "BE05"},
    "NL": {"YOU": "NL02"},
}
"""Countries with one National Agency per field; the others have one agency, number 01."""

SECTOR_TYPES = {
    "school": {"school-general": 8, "public-body": 1},
    "vet": {"school-vocational": 6, "sme": 2, "social-partner": 1, "large-enterprise": 1},
    "hed": {"higher-education": 6, "research": 2},
    "adult": {"school-adult": 4, "ngo": 2, "foundation": 1},
    "youth": {"ngo": 3, "youth-council": 1, "youth-group": 1, "public-body": 1},
    "sport": {"sport-club": 4, "sport-federation": 2, "sport-organisation": 1, "sport-league": 1},
    "general": {
        "ngo": 4,
        "sme": 3,
        "foundation": 1,
        "public-body": 2,
        "european-ngo": 1,
        "eu-network": 1,
        "counselling-body": 1,
        "accreditation-body": 1,
        "research": 1,
        "egtc": 1,
        "international-organisation": 1,
        "other": 1,
    },
}
SECTOR_SHARES = {"school": 25, "vet": 15, "hed": 12, "adult": 12, "youth": 10, "sport": 6, "general": 20}
FIELD_SECTOR = {
    "SCH": "school",
    "VET": "vet",
    "HED": "hed",
    "ADU": "adult",
    "YOU": "youth",
    "SPORT": "sport",
    "MIX": "general",
}

ORGANISATION_NAMES = {
    "school-general": [
        "{city} Primary School No. {n}",
        "{surname} Secondary School {city}",
        "{city} Comprehensive School",
        "Gymnasium {surname} {city}",
        "{city} Lyceum No. {n}",
    ],
    "school-vocational": [
        "{city} Vocational Training Centre",
        "{trade} School of {city}",
        "{region} Centre for Vocational Education",
        "{city} College of {trade}",
    ],
    "school-adult": ["{city} Adult Education Centre", "Folk High School {city}", "{region} Lifelong Learning Centre"],
    "higher-education": [
        "University of {city}",
        "{city} University of Applied Sciences",
        "{surname} University {city}",
        "{region} Technical University",
    ],
    "research": ["{city} Institute for Educational Research", "{region} Centre for Social Innovation"],
    "public-body": ["Municipality of {city}", "{region} Regional Education Office", "City of {city} Youth Department"],
    "sme": ["{word}{word2} Learning Ltd", "{surname} & Partners Training", "{word} Digital Studio {city}"],
    "large-enterprise": ["{region} Energy Group", "{word} Industries {city}"],
    "social-partner": ["{region} Chamber of Crafts", "{city} Chamber of Commerce", "{trade} Workers' Union {region}"],
    "ngo": ["{word} {noun} Association {city}", "{city} Network for {cause}", "Friends of {cause} {city}"],
    "foundation": ["{surname} Foundation", "{word} Future Foundation {city}"],
    "youth-council": ["{region} Youth Council", "{city} Youth Forum"],
    "youth-group": ["{word} Youth Initiative {city}", "Young {noun} Collective {city}"],
    "european-ngo": ["European Association for {cause}", "European Network of {noun} Educators"],
    "eu-network": ["{cause} Europe Network", "EU Alliance for {cause}"],
    "egtc": ["EGTC {region} Cross-border Cooperation"],
    "accreditation-body": ["{region} Qualifications Authority", "{city} Accreditation Agency"],
    "counselling-body": ["{city} Career Guidance Centre", "{region} Counselling Service"],
    "international-organisation": ["International Institute for {cause}"],
    "sport-organisation": ["{region} Sport for All Association", "{city} Active Ageing Sports Union"],
    "sport-federation": ["{region} {sport} Federation", "National {sport} Federation of {city}"],
    "sport-league": ["{region} Amateur {sport} League"],
    "sport-club": ["{city} {sport} Club", "{word} {sport} Club {city}", "{surname} {sport} Academy"],
    "other": ["{word} {noun} Cooperative {city}", "{city} Cultural Centre"],
}
TRADES = [
    "Construction",
    "Hospitality",
    "Agriculture",
    "Mechatronics",
    "Health Care",
    "Tourism",
    "Woodwork",
    "Logistics",
    "Renewable Energy",
    "Textiles",
    "Food Processing",
    "Automotive Engineering",
]
CAUSES = [
    "Inclusion",
    "Digital Citizenship",
    "Green Skills",
    "Lifelong Learning",
    "Media Literacy",
    "Democracy",
    "Active Ageing",
    "Intercultural Dialogue",
    "Outdoor Learning",
    "Social Entrepreneurship",
    "Gender Equality",
]
SPORTS = [
    "Football",
    "Basketball",
    "Rowing",
    "Athletics",
    "Handball",
    "Volleyball",
    "Judo",
    "Orienteering",
    "Swimming",
    "Table Tennis",
    "Cycling",
    "Climbing",
]
NAME_WORDS = [
    "Bright",
    "Open",
    "Green",
    "Smart",
    "Bridge",
    "Horizon",
    "Future",
    "Civic",
    "Active",
    "Inclusive",
    "Creative",
    "Blue",
    "Northern",
    "Southern",
    "Urban",
    "Rural",
    "Common",
    "Skill",
    "Step",
]
NAME_NOUNS = ["Learning", "Youth", "Citizens", "Makers", "Skills", "Ideas", "Futures", "Neighbours", "Voices"]
FIRST_NAMES = [
    "Anna",
    "Marta",
    "Jonas",
    "Elena",
    "Luca",
    "Sofia",
    "Mateusz",
    "Ines",
    "Lars",
    "Katarzyna",
    "Nikos",
    "Eva",
    "Tomás",
    "Maria",
    "Pieter",
    "Aino",
    "Dragan",
    "Zeynep",
    "Hanna",
    "Miguel",
    "Ioana",
    "Jan",
    "Laura",
    "Petra",
    "Andrius",
    "Claire",
    "Giorgos",
    "Nora",
    "Filip",
    "Sanna",
]
SURNAMES = [
    "Novak",
    "Rossi",
    "Müller",
    "García",
    "Kowalska",
    "Papadopoulos",
    "Jansen",
    "Horvat",
    "Nielsen",
    "Dubois",
    "Popescu",
    "Virtanen",
    "Silva",
    "Kovács",
    "Lindqvist",
    "Berzins",
    "Murphy",
    "Petrov",
    "Öztürk",
    "Fischer",
    "Marković",
    "Costa",
    "Bianchi",
    "Wagner",
    "Laine",
    "Moreau",
    "Dvořák",
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "re",
    "sta",
    "vin",
    "do",
    "ber",
    "an",
    "tu",
    "ni",
    "sel",
    "gor",
    "ia",
    "ve",
    "mar",
    "pol",
    "ri",
    "ek",
    "un",
    "sa",
    "dal",
    "os",
    "ter",
    "li",
    "nov",
    "ha",
    "zu",
    "ce",
    "bro",
]

ACRONYM_HEADS = [
    "Digi",
    "Green",
    "Inclu",
    "Eco",
    "Smart",
    "Open",
    "Active",
    "Civic",
    "Skill",
    "Move",
    "Learn",
    "Bridge",
    "Media",
    "Code",
    "Agri",
    "Health",
    "Heritage",
    "Maker",
    "Future",
    "Youth",
    "Senior",
    "Story",
    "Math",
    "Lingua",
    "Sport",
    "Art",
    "Social",
    "Water",
    "Energy",
    "Food",
]
ACRONYM_TAILS = [
    "Teach",
    "VET",
    "Path",
    "Lab",
    "Net",
    "Hub",
    "Up",
    "Kit",
    "Play",
    "Mind",
    "Steps",
    "Skills",
    "Bridge",
    "Wave",
    "Roots",
    "Spark",
    "Link",
    "Camp",
    "Class",
    "Works",
    "Lens",
    "Map",
    "Code",
]

TOPIC_PHRASES = {
    "SCH": [
        "digital storytelling in primary classrooms",
        "reducing early school leaving",
        "outdoor science learning",
        "inclusive teaching for pupils with special needs",
        "media literacy for teenagers",
        "teacher collaboration across borders",
        "multilingual classrooms",
    ],
    "VET": [
        "green skills for construction apprentices",
        "work-based learning in small firms",
        "digital tools for hospitality trainees",
        "recognising micro-credentials in vocational training",
        "circular economy in agriculture training",
        "mentoring of in-company trainers",
    ],
    "HED": [
        "blended mobility for engineering students",
        "open educational resources in teacher education",
        "challenge-based learning with local employers",
        "academic integrity in digital assessment",
        "inclusion of first-generation students",
    ],
    "ADU": [
        "digital skills for older adults",
        "basic skills for low-qualified adults",
        "financial literacy for adult learners",
        "community learning in rural areas",
        "upskilling pathways for migrants",
    ],
    "YOU": [
        "youth participation in local democracy",
        "quality youth work in rural areas",
        "young people's mental health",
        "volunteering for social inclusion",
        "youth work and digital safety",
    ],
    "SPORT": [
        "grassroots sport for social inclusion",
        "good governance in amateur clubs",
        "physical activity for older people",
        "gender equality in coaching",
        "integrity in youth sport",
    ],
    "MIX": [
        "digital education readiness",
        "creativity and the arts in education",
        "European values in education",
        "cross-sector cooperation on green skills",
    ],
}
AUDIENCES = {
    "SCH": ["primary school teachers", "secondary school teachers", "school leaders", "pupils aged 10-15", "parents"],
    "VET": ["VET trainers", "apprentices", "in-company mentors", "VET school managers", "employers"],
    "HED": ["lecturers", "students", "university staff", "researchers", "career advisers"],
    "ADU": ["adult educators", "adult learners", "librarians", "community workers", "trainers"],
    "YOU": ["youth workers", "young people aged 16-25", "youth leaders", "municipal youth officers"],
    "SPORT": ["coaches", "club volunteers", "sport managers", "young athletes", "PE teachers"],
    "MIX": ["educators", "policy makers", "trainers", "teachers", "youth workers"],
}
LEVELS = {
    "SCH": ["isced-1", "isced-2", "isced-3"],
    "VET": ["isced-3", "isced-4", "isced-5"],
    "HED": ["isced-6", "isced-7", "isced-8"],
    "ADU": ["adult"],
    "YOU": ["youth"],
    "SPORT": ["youth", "adult"],
    "MIX": ["isced-2", "isced-3", "adult", "youth"],
}
CONTEXTS = [
    "rural primary schools",
    "urban secondary schools",
    "small training centres",
    "municipal libraries",
    "community centres",
    "youth clubs",
    "universities of applied sciences",
    "amateur sport clubs",
    "adult education centres",
    "companies with fewer than 50 staff",
    "schools with many newcomers",
]
PREREQUISITES = [
    "a projector and internet access",
    "one trained facilitator",
    "tablets for group work",
    "a half-day introduction for staff",
    "a local partner organisation",
    "basic English",
    "access to an outdoor area",
    "a learning management system",
]
EVIDENCE_UNITS = {
    "pilot": "learners",
    "adoption": "organisations",
    "training": "teachers",
    "policy-uptake": "regions",
    "adaptation": "organisations",
    "other": "participants",
}

RESULT_TITLES = {
    "project-summary": "{acronym} project summary and lessons learnt",
    "handbook-guide": "The {acronym} handbook for {audience}",
    "learning-programme": "{acronym} curriculum on {topic}",
    "e-learning": "{acronym} online course: {topic}",
    "scientific": "Study on {topic} in {countries}",
    "statistical": "Survey of {audience} on {topic}",
    "policy-recommendation": "Policy recommendations on {topic}",
    "presentation": "Presentation of the {acronym} results",
    "press-article": "Press kit of the {acronym} partnership",
    "publication": "{acronym} newsletter and brochure",
    "website-platform": "The {acronym} open learning platform",
    "mobile-app": "The {acronym} mobile app for {audience}",
    "video": "Video series: {topic}",
    "photo": "Photo collection of the {acronym} activities",
    "other": "{acronym} toolkit for {audience}",
}
CATEGORY_WEIGHTS = {
    "handbook-guide": 18,
    "learning-programme": 14,
    "e-learning": 12,
    "project-summary": 8,
    "scientific": 6,
    "statistical": 4,
    "policy-recommendation": 5,
    "presentation": 5,
    "press-article": 2,
    "publication": 6,
    "website-platform": 8,
    "mobile-app": 2,
    "video": 6,
    "photo": 2,
    "other": 2,
}
LICENCE_WEIGHTS = {
    "CC-BY-4.0": 50,
    "CC-BY-SA-4.0": 18,
    "CC-BY-NC-SA-4.0": 10,
    "CC-BY-NC-4.0": 6,
    "CC0-1.0": 5,
    "CC-BY-3.0": 2,
    "CC-BY-SA-3.0": 1,
    "EUPL-1.2": 3,
    "MIT": 2,
    "Apache-2.0": 1,
    "GPL-3.0-or-later": 1,
    "AGPL-3.0-or-later": 1,
}
EDITABLE_FORMATS = {
    "video": ("MP4", "SRT"),
    "mobile-app": ("APK", "ZIP"),
    "website-platform": ("HTML", "ZIP"),
    "presentation": ("PDF", "PPTX"),
    "photo": ("JPG", "ZIP"),
    "statistical": ("PDF", "CSV"),
}

ACTIONS = [
    # (action, share of projects, first call year, last call year)
    ("KA220-SCH", 10, 2021, 2025),
    ("KA220-VET", 9, 2021, 2025),
    ("KA220-HED", 6, 2021, 2025),
    ("KA220-ADU", 8, 2021, 2025),
    ("KA220-YOU", 7, 2021, 2025),
    ("KA210-SCH", 6, 2021, 2025),
    ("KA210-VET", 5, 2021, 2025),
    ("KA210-ADU", 5, 2021, 2025),
    ("KA210-YOU", 6, 2021, 2025),
    ("ERASMUS-SPORT-SCP", 3, 2021, 2025),
    ("ERASMUS-SPORT-SSCP", 3, 2021, 2025),
    ("ERASMUS-EDU-PCOOP-ENGO", 1, 2021, 2025),
    ("ERASMUS-YOUTH-PCOOP-ENGO", 1, 2021, 2025),
    ("SPO-SCP", 1, 2014, 2020),
    ("SPO-SSCP", 1, 2018, 2020),
    ("KA201", 5, 2014, 2020),
    ("KA202", 5, 2014, 2020),
    ("KA203", 3, 2014, 2020),
    ("KA204", 5, 2014, 2020),
    ("KA205", 3, 2014, 2020),
    ("KA219", 2, 2014, 2017),
    ("KA229", 3, 2018, 2020),
    ("KA226", 2, 2020, 2020),
    ("KA227", 1, 2020, 2020),
]

EVENT_TITLES = {
    "transnational-meeting": "{acronym} transnational meeting in {city}",
    "multiplier-event": "{acronym} multiplier event: {topic}",
    "ltta": "Training week in {city}: {topic}",
    "conference": "Final conference of {acronym}",
    "webinar": "Webinar: {topic}",
    "pilot": "Pilot of the {acronym} materials in {city}",
    "workshop": "Workshop on {topic} in {city}",
    "other": "{acronym} open day in {city}",
}
NEWS_TITLES = [
    "{acronym} kicks off in {city}",
    "First results of {acronym} are out",
    "{acronym} partners meet in {city}",
    "Call for pilot groups: {topic}",
    "{acronym} wins a good-practice label",
    "Interview: why {topic} matters",
    "New in the catalogue: {acronym}",
    "{count} {audience} tested the {acronym} materials",
]

# Sentence pieces: a template per sentence shape, each slot drawn from a list of phrases. The
# combinations give readable Erasmus+ prose; invented proper nouns give the long tail of rare
# words that real catalogues have (and that a search index has to store).
SUBJECTS = [
    "The partnership",
    "Our partners",
    "The project team",
    "Teachers in the pilot schools",
    "Each partner",
    "The coordinator",
    "Trainers from {country}",
    "Participating learners",
    "The working group",
    "Local stakeholders",
    "Youth workers in {city}",
    "The advisory board",
    "Volunteers from {city}",
]
VERBS = [
    "developed",
    "tested",
    "translated",
    "adapted",
    "piloted",
    "evaluated",
    "shared",
    "documented",
    "co-designed",
    "reviewed",
    "published",
    "presented",
    "improved",
    "collected",
    "validated",
]
OBJECTS = [
    "a set of open learning materials",
    "practical activities for mixed-ability groups",
    "a toolkit for {audience}",
    "short video tutorials",
    "assessment rubrics",
    "lesson plans",
    "a self-assessment questionnaire",
    "case studies from {country}",
    "a mentoring scheme",
    "guidelines on {topic}",
    "a digital badge system",
    "a glossary in six languages",
    "workshop scenarios",
    "an online course",
    "checklists for {audience}",
]
COMPLEMENTS = [
    "with schools in {city}",
    "during the second project year",
    "together with {name}",
    "in {count} organisations",
    "for use in other countries",
    "after the training week in {city}",
    "under an open licence",
    "with feedback from {count} participants",
    "in close cooperation with {org}",
    "across all partner countries",
    "before the multiplier events",
    "in a blended format",
]
CONNECTORS = [
    "In addition,",
    "As a result,",
    "At the same time,",
    "Building on this,",
    "Moreover,",
    "Following the pilot,",
    "During the project,",
    "From the start,",
    "Finally,",
    "In practice,",
]
CLAIMS = [
    "Reuse is easy because every activity is described step by step.",
    "The materials work both in the classroom and online.",
    "Evaluation showed a clear gain in confidence among {audience}.",
    "{count} people took part in the local workshops.",
    "Feedback from {audience} shaped the final version.",
    "All materials are free to copy, translate and adapt.",
    "The approach fits organisations with limited budgets.",
    "The idea came from {name} of a partner in {city}.",
]
LIST_ITEMS = [
    "map existing practice on {topic}",
    "train {count} {audience}",
    "pilot the materials in {city}",
    "translate the results into the partner languages",
    "publish an adaptation guide",
    "hold multiplier events in every partner country",
    "evaluate the impact with {audience}",
    "create a network of {audience}",
    "share the results on the Erasmus+ Project Results Platform",
    "document what worked and what did not",
    "involve {audience} from the start",
    "collect {count} examples of good practice",
]
HEADINGS = {
    "projects": [
        "Why this partnership",
        "Objectives",
        "What we do",
        "Who it is for",
        "What we leave behind",
        "How to get involved",
    ],
    "results": ["What is in it", "How to use it", "How it was made", "Adapting it to your context", "Evidence of use"],
    "events": ["Programme", "Who took part", "Outcomes"],
    "news": ["What happened", "What comes next"],
    "organisations": ["Expertise", "Erasmus+ experience"],
}
WORDS_PER_BODY = {
    "projects": (350, 650),
    "results": (250, 450),
    "events": (120, 250),
    "news": (150, 300),
    "organisations": (80, 160),
}


# ---------------------------------------------------------------------------------------------
# The catalogue's entries.


@dataclass
class Entry:
    """One content file, in the form every site flavour can write."""

    section: str
    id: str
    title: str
    date: date
    summary: str
    front_matter: dict[str, Any]
    """Our generator's front matter (the peers only get title, date and summary)."""
    body: str


@dataclass
class Organisation:
    id: str
    name: str
    country: str
    city: str
    sector: str

    @property
    def associated_only(self) -> bool:
        return self.country in PARTNER_COUNTRIES


@dataclass
class Vocabularies:
    """The codes the catalogue draws from, read from the generator's vocabulary files."""

    countries: set[str]
    organisation_types: dict[str, dict[str, Any]]
    result_categories: set[str]
    licences: dict[str, dict[str, Any]]
    languages: set[str]
    actions: dict[str, dict[str, Any]]
    priorities: dict[str, dict[str, Any]]
    event_types: list[str]
    educational_levels: set[str]
    accessibility_features: list[str]

    @classmethod
    def load(cls, folder: Path) -> Vocabularies:
        def read(name: str) -> dict[str, Any]:
            return yaml.load((folder / f"{name}.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        return cls(
            set(read("countries")),
            read("organisation_types"),
            set(read("result_categories")),
            read("licences"),
            set(read("languages")),
            read("actions"),
            read("priorities"),
            list(read("event_types")),
            set(read("educational_levels")),
            list(read("accessibility_features")),
        )

    def check_tables(self) -> None:
        """Fail early if a table above names a code the vocabularies no longer have."""
        wanted = {
            "countries": set(CITIES) | set(COUNTRY_LANGUAGES) | set(SPLIT_AGENCIES),
            "organisation_types": {t for types in SECTOR_TYPES.values() for t in types} | set(ORGANISATION_NAMES),
            "result_categories": set(RESULT_TITLES) | set(CATEGORY_WEIGHTS),
            "licences": set(LICENCE_WEIGHTS),
            "languages": {lang for langs in COUNTRY_LANGUAGES.values() for lang in langs},
            "actions": {action for action, *_ in ACTIONS},
            "event_types": set(EVENT_TITLES),
            "educational_levels": {level for levels in LEVELS.values() for level in levels},
        }
        for name, codes in wanted.items():
            missing = codes - set(getattr(self, name))
            if missing:
                raise SystemExit(f"bench/generate.py names codes that {name}.yaml lacks: {sorted(missing)}")
        closed = [code for code in LICENCE_WEIGHTS if not self.licences[code].get("open")]
        if closed:
            raise SystemExit(f"bench/generate.py would give results licences that are not open: {closed}")


class _Slots(dict):
    """The values of a sentence's slots, drawn when a slot is first used."""

    def __init__(self, prose: Prose, context: dict[str, Any]):
        super().__init__(city=context["city"], country=context["country_name"])
        self.prose, self.context = prose, context

    def __missing__(self, slot: str) -> str:
        rng = self.prose.rng
        draw = {
            "topic": lambda: rng.choice(self.context["topics"]),
            "audience": lambda: rng.choice(self.context["audiences"]),
            "count": lambda: str(rng.randint(8, 400)),
            "name": self.prose.name,
            "org": lambda: f"the {self.prose.rare_word()} {rng.choice(['Institute', 'Association', 'Centre'])}",
        }[slot]
        return draw()


class Prose:
    """Readable filler text about Erasmus+ partnerships, with Markdown structure."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"

    def rare_word(self) -> str:
        """An invented proper noun: the long tail of words a real catalogue's index holds."""
        return "".join(self.rng.choices(SYLLABLES, k=self.rng.randint(2, 4))).capitalize()

    def fill(self, template: str, context: dict[str, Any]) -> str:
        """`template` with its slots filled; only the slots it has are drawn (most sentences have one)."""
        if "{" not in template:
            return template
        return template.format_map(_Slots(self, context))

    def sentence(self, context: dict[str, Any]) -> str:
        rng = self.rng
        if rng.random() < 0.25:
            return self.fill(rng.choice(CLAIMS), context)
        text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(COMPLEMENTS)}."
        if rng.random() < 0.35:
            text = f"{rng.choice(CONNECTORS)} {text[0].lower()}{text[1:]}"
        return self.fill(text, context)

    def list_item(self, context: dict[str, Any], template: str) -> str:
        item = self.fill(template, context)
        return item[0].upper() + item[1:]

    def paragraph(self, context: dict[str, Any], sentences: int) -> str:
        return " ".join(self.sentence(context) for _ in range(sentences))

    def body(self, section: str, context: dict[str, Any], links: list[tuple[str, str]]) -> str:
        """A Markdown body of a few hundred words: paragraphs, `##` headings, lists and links."""
        rng = self.rng
        target = rng.randint(*WORDS_PER_BODY[section])
        blocks = [self.paragraph(context, rng.randint(2, 4))]
        headings = list(HEADINGS[section])
        words = len(blocks[0].split())
        link_queue = list(links)
        while words < target:
            heading = headings.pop(0) if headings else f"More about {self.rare_word()}"
            blocks.append(f"## {heading}")
            link = link_queue.pop(0) if link_queue and rng.random() < 0.6 else None
            if rng.random() < 0.3:
                marker = "1." if rng.random() < 0.4 else "-"
                items = [self.list_item(context, template) for template in rng.sample(LIST_ITEMS, rng.randint(3, 6))]
                if link:
                    items.append(f"[{link[0]}]({link[1]})")
                block = "\n".join(f"{marker} {item}" for item in items)
            else:
                block = self.paragraph(context, rng.randint(3, 6))
                if link:
                    block += f" See also [{link[0]}]({link[1]})."
            blocks.append(block)
            words += len(block.split()) + len(heading.split())
        if link_queue:
            blocks.append("\n".join(f"- [{label}]({url})" for label, url in link_queue))
        return "\n\n".join(blocks) + "\n"


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _date_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


class Catalogue:
    """Draws entries in a fixed order from one seeded random generator, over a pool of organisations."""

    def __init__(self, rng: random.Random, vocabularies: Vocabularies, organisations: list[Organisation]):
        self.rng = rng
        self.prose = Prose(rng)
        self.vocabularies = vocabularies
        self.organisations: list[Organisation] = []
        self.by_sector: dict[str, list[Organisation]] = {sector: [] for sector in SECTOR_SHARES}
        for organisation in organisations:
            self._join_pool(organisation)
        self.country_names = {code: code for code in vocabularies.countries}
        self.country_names.update(_country_labels())

    def _join_pool(self, organisation: Organisation) -> None:
        self.organisations.append(organisation)
        if not organisation.associated_only:
            self.by_sector[organisation.sector].append(organisation)

    def organisation_entries(self, count: int) -> list[Entry]:
        """The shared pool of organisations that projects draw their partners from."""
        rng = self.rng
        entries = []
        countries = list(CITIES)
        # Larger countries take part more often; partner countries rarely.
        weights = [1 if c in PARTNER_COUNTRIES else 3 + len(CITIES[c]) for c in countries]
        for index in range(count):
            sector = _pick(rng, SECTOR_SHARES)
            type_ = _pick(rng, SECTOR_TYPES[sector])
            country = rng.choices(countries, weights=weights)[0]
            city, region = rng.choice(CITIES[country])
            name = rng.choice(ORGANISATION_NAMES[type_]).format(
                city=city,
                region=region,
                surname=rng.choice(SURNAMES),
                n=rng.randint(1, 40),
                trade=rng.choice(TRADES),
                cause=rng.choice(CAUSES),
                sport=rng.choice(SPORTS),
                word=rng.choice(NAME_WORDS),
                word2=rng.choice(NAME_NOUNS).lower(),
                noun=rng.choice(NAME_NOUNS),
            )
            id_ = f"{slugify(name)[:60].rstrip('-')}-{index:x}"
            self._join_pool(Organisation(id_, name, country, city, sector))
            front: dict[str, Any] = {
                "name": name,
                "oid": f"E{10_000_000 + index * 37 % 90_000_000:08d}",
                "pic": f"{900_000_000 + index * 7 % 99_999_999:09d}",
                "type": type_,
                "country": country,
                "region": region,
                "city": city,
                "website": f"https://{slugify(name)[:40].rstrip('-')}.example.org/",
            }
            if rng.random() < 0.3:
                del front["region"]
            if rng.random() < 0.15:
                del front["pic"]
            context = self._context(country, ["SCH", "VET", "HED", "ADU", "YOU", "SPORT"][index % 6], city)
            label = self.vocabularies.organisation_types[type_]["label"]
            summary = (
                f"{'An' if label[0] in 'AEIOU' else 'A'} {label[0].lower()}{label[1:]} in {city}, "
                f"{self.country_names[country]}, taking part in Erasmus+ partnerships."
            )
            body = self.prose.body("organisations", context, [("Website", front["website"])])
            entries.append(Entry("organisations", id_, name, REFERENCE_DATE, summary, front, body))
        return entries

    def _context(self, country: str, field_: str, city: str) -> dict[str, Any]:
        return {
            "city": city,
            "country_name": self.country_names[country],
            "topics": TOPIC_PHRASES[field_],
            "audiences": AUDIENCES[field_],
        }

    def _partners(self, sector: str) -> list[Organisation]:
        """3-10 organisations, mostly from the project's sector, popular ones more often."""
        rng = self.rng
        count = rng.choices(range(3, 11), weights=[15, 20, 20, 15, 10, 8, 6, 6])[0]
        own = self.by_sector[sector] or self.organisations
        coordinator_pool = [o for o in own if not o.associated_only] or [
            o for o in self.organisations if not o.associated_only
        ]
        chosen = [coordinator_pool[int(len(coordinator_pool) * rng.random() ** 1.5)]]
        while len(chosen) < count:
            pool = own if rng.random() < 0.55 else self.organisations
            candidate = pool[int(len(pool) * rng.random() ** 1.5)]
            if candidate not in chosen:
                chosen.append(candidate)
        return chosen

    def project_entries(self, index: int) -> list[Entry]:
        """A project with its results, events and news."""
        rng = self.rng
        action, first_year, last_year = self._action()
        spec = self.vocabularies.actions[action]
        field_ = spec["field"]
        year = rng.randint(first_year, last_year)
        partners = self._partners(FIELD_SECTOR[field_])
        coordinator = partners[0]
        agency = self._agency(coordinator.country, field_, spec)
        acronym = f"{rng.choice(ACRONYM_HEADS)}{rng.choice(ACRONYM_TAILS)}"
        if rng.random() < 0.3:
            acronym = acronym.upper()
        id_ = f"{slugify(acronym)}-{year}-{index:05d}"
        topic = rng.choice(TOPIC_PHRASES[field_])
        title = f"{acronym}: {topic[0].upper()}{topic[1:]}"
        small = spec["kind"] == "small-scale"
        start = date(year + (1 if rng.random() < 0.5 else 0), rng.choice([1, 3, 9, 10, 11, 12]), 1)
        months = rng.randint(6, 24) if small else rng.choice([24, 24, 30, 36, 36])
        end = date(start.year + (start.month - 1 + months) // 12, (start.month - 1 + months) % 12 + 1, 1) - timedelta(
            days=1
        )
        context = self._context(coordinator.country, field_, coordinator.city)
        front: dict[str, Any] = {
            "code": self._code(action, year, agency, coordinator.country, index),
            "acronym": acronym,
            "title": title,
            "action": action,
            "call_year": year,
            "agency": agency,
            "granting_authority": (
                "the European Education and Culture Executive Agency (EACEA)"
                if agency == "EACEA"
                else f"the Erasmus+ National Agency {agency}"
            ),
            "start": start,
            "end": end,
            "eu_grant": self._grant(action, year, small),
            "partners": [
                {
                    "organisation": o.id,
                    "role": "coordinator" if i == 0 else ("associated-partner" if o.associated_only else "partner"),
                }
                for i, o in enumerate(partners)
            ],
            "priorities": self._priorities(field_, year),
            "topics": rng.sample(TOPIC_PHRASES[field_], k=rng.randint(1, 3)),
            "target_groups": rng.sample(AUDIENCES[field_], k=rng.randint(1, 3)),
            "languages": self._languages(partners),
            "summary": self.prose.paragraph(context, 2),
        }
        if field_ == "MIX":
            front["field"] = rng.choice(["SCH", "VET", "ADU", "YOU"])
        if rng.random() < 0.7:
            front["website"] = f"https://{slugify(acronym)}-{index}.example.eu/"

        results = [
            self._result(id_, acronym, front, partners, context, start, end, n) for n in range(1, rng.randint(2, 6) + 1)
        ]
        result_links = [(r.title, f"/results/{r.id}/") for r in results]
        partner_links = [(o.name, f"/organisations/{o.id}/") for o in partners[:3]]
        body = self.prose.body("projects", context, result_links + partner_links)
        project = Entry("projects", id_, title, start, front["summary"], front, body)
        events = [
            self._event(id_, acronym, partners, results, context, start, end, n)
            for n in range(1, rng.choice([0, 1, 1, 2]) + 1)
        ]
        news = [
            self._news(id_, acronym, results, context, start, end, n) for n in range(1, rng.choice([0, 1, 1, 2]) + 1)
        ]
        return [project, *results, *events, *news]

    def _action(self) -> tuple[str, int, int]:
        action, _share, first, last = self.rng.choices(ACTIONS, weights=[a[1] for a in ACTIONS])[0]
        return action, first, last

    def _agency(self, country: str, field_: str, spec: dict[str, Any]) -> str:
        if spec["managed_by"] == "EACEA":
            return "EACEA"
        country_code = "EL" if country == "GR" else country  # project codes write Greece as EL
        return SPLIT_AGENCIES.get(country, {}).get(field_, f"{country_code}01")

    def _code(self, action: str, year: int, agency: str, country: str, index: int) -> str:
        """A project code of the form `PROJECT_CODE_FORMS` expects for the action and the year."""
        round_ = 1 if self.rng.random() < 0.8 else 2
        if agency != "EACEA" and year >= 2021:
            key_action, field_ = action.split("-")
            return f"{year}-{round_}-{agency}-{key_action}-{field_}-{24_000 + index:09d}"
        if agency != "EACEA":
            return f"{year}-{round_}-{agency}-{action}-{(index * 13) % 1_000_000:06d}"
        if year >= 2021:
            programme, *topic = action.split("-")[1:]
            return f"ERASMUS-{programme}-{year}-{'-'.join(topic)}-{101_000_000 + index:09d}"
        return f"{557_000 + index % 400_000:06d}-EPP-1-{year}-1-{country}-{action}"

    def _grant(self, action: str, year: int, small: bool) -> float:
        rng = self.rng
        if small:
            return rng.choice([30_000, 60_000])
        if action.startswith("KA220"):
            return rng.choice([120_000, 250_000, 400_000] if year >= 2025 else [100_000, 200_000, 400_000])
        return round(rng.uniform(60_000, 450_000), 2)

    def _priorities(self, field_: str, year: int) -> list[str]:
        eligible = [
            code
            for code, p in self.vocabularies.priorities.items()
            if p["scope"] in ("horizontal", field_) and p["since"] <= max(year, 2021)
        ]
        return self.rng.sample(eligible, k=min(len(eligible), self.rng.randint(1, 3)))

    def _languages(self, organisations: list[Organisation]) -> list[str]:
        spoken = ["en"]
        for organisation in organisations:
            first = COUNTRY_LANGUAGES[organisation.country][0]
            if first not in spoken:
                spoken.append(first)
        return spoken

    def _result(
        self,
        project_id: str,
        acronym: str,
        project: dict[str, Any],
        partners: list[Organisation],
        context: dict[str, Any],
        start: date,
        end: date,
        n: int,
    ) -> Entry:
        rng = self.rng
        field_ = project.get("field") or self.vocabularies.actions[project["action"]]["field"]
        category = _pick(rng, CATEGORY_WEIGHTS)
        audience = rng.choice(AUDIENCES[field_])
        topic = rng.choice(TOPIC_PHRASES[field_])
        title = RESULT_TITLES[category].format(
            acronym=acronym,
            audience=audience,
            topic=topic,
            countries=" and ".join(self.country_names[o.country] for o in partners[:2]),
        )
        id_ = f"{project_id}-{slugify(category)}-{n}"
        published = _date_between(rng, start + timedelta(days=120), end)
        status = "final" if published <= REFERENCE_DATE else rng.choice(["planned", "draft"])
        languages = [
            "en",
            *rng.sample(project["languages"][1:], k=min(len(project["languages"]) - 1, rng.randint(0, 3))),
        ]
        main_format, editable_format = EDITABLE_FORMATS.get(category, ("PDF", rng.choice(["DOCX", "ODT"])))
        slug = slugify(title)[:50].rstrip("-")
        files = [
            {
                "title": f"{title} ({main_format}, {lang})",
                "url": f"https://files.example.eu/{id_}/{slug}-{lang}.{main_format.lower()}",
                "format": main_format,
                "language": lang,
            }
            for lang in languages[:2]
        ]
        files.append(
            {
                "title": f"Editable source ({editable_format})",
                "url": f"https://files.example.eu/{id_}/{slug}-source.{editable_format.lower()}",
                "format": editable_format,
                "language": "en",
                "editable": True,
            }
        )
        front: dict[str, Any] = {
            "project": project_id,
            "title": title,
            "category": category,
            "kind": "outcome" if rng.random() < 0.08 else "output",
            "status": status,
            "languages": languages,
            "summary": self.prose.paragraph(context, rng.randint(1, 2)),
            "files": files,
            "licence": _pick(rng, LICENCE_WEIGHTS),
        }
        if status == "final":
            front["published"] = published
        if rng.random() < 0.25:
            front["doi"] = f"10.5281/zenodo.{rng.randint(1_000_000, 9_999_999)}"
        if rng.random() < 0.6:
            front["authors"] = [self._author(partners) for _ in range(rng.randint(1, 3))]
        front["audience"] = rng.sample(AUDIENCES[field_], k=rng.randint(1, 3))
        front["educational_levels"] = rng.sample(LEVELS[field_], k=rng.randint(1, len(LEVELS[field_])))
        if rng.random() < 0.7:
            front["accessibility"] = rng.sample(self.vocabularies.accessibility_features, k=rng.randint(1, 4))
        front["keywords"] = rng.sample([*project["topics"], *CAUSES[:6]], k=rng.randint(2, 4))
        transferability = self._transferability(field_, partners, rng.randint(0, 4))
        if transferability:
            front["transferability"] = transferability
        links = [(f["title"], f["url"]) for f in files[:1]] + [(f"the {acronym} project", f"/projects/{project_id}/")]
        body = self.prose.body("results", context, links)
        return Entry("results", id_, title, published, front["summary"], front, body)

    def _author(self, partners: list[Organisation]) -> dict[str, Any]:
        rng = self.rng
        author: dict[str, Any] = {"name": self.prose.name(), "organisation": rng.choice(partners).id}
        if rng.random() < 0.4:
            digits = f"{rng.randint(0, 10**15 - 1):015d}"
            author["orcid"] = f"0000-{digits[3:7]}-{digits[7:11]}-{digits[11:14]}{rng.choice('0123456789X')}"
        return author

    def _transferability(self, field_: str, partners: list[Organisation], depth: int) -> dict[str, Any]:
        """Filled to `depth` (0-4): from nothing, to reuse level only, to evidence and a contact."""
        rng = self.rng
        block: dict[str, Any] = {}
        if depth >= 1:
            block["reuse"] = rng.choice(["as-is", "adapt", "adapt", "inspire"])
        if depth >= 2:
            block["tested_countries"] = sorted({o.country for o in partners[: rng.randint(1, len(partners))]})
            block["tested_fields"] = [field_] if field_ != "MIX" else ["SCH", "ADU"]
            block["contexts"] = rng.sample(CONTEXTS, k=rng.randint(1, 3))
        if depth >= 3:
            block["prerequisites"] = rng.sample(PREREQUISITES, k=rng.randint(1, 3))
            block["effort"] = rng.choice(["low", "medium", "high"])
            context = self._context(partners[0].country, field_, partners[0].city)
            steps = rng.sample(LIST_ITEMS, rng.randint(3, 5))
            block["guide"] = "\n".join(
                f"{n}. {self.prose.list_item(context, step)}" for n, step in enumerate(steps, start=1)
            )
            block["sustainability"] = (
                "The partners keep the materials online for at least five years and update them after each school year."
            )
        if depth >= 4:
            block["evidence"] = [self._evidence(partners) for _ in range(rng.randint(1, 3))]
            block["contact"] = {
                "organisation": partners[0].id,
                "email": f"reuse@{slugify(partners[0].name)[:30].rstrip('-')}.example.org",
            }
        return block

    def _evidence(self, partners: list[Organisation]) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choice(list(EVIDENCE_UNITS))
        return {
            "kind": kind,
            "description": f"{kind.replace('-', ' ').capitalize()} in {rng.choice(partners).city}",
            "count": rng.randint(3, 600),
            "unit": EVIDENCE_UNITS[kind],
            "date": _date_between(rng, date(2016, 1, 1), REFERENCE_DATE),
            "country": rng.choice(partners).country,
        }

    def _event(
        self,
        project_id: str,
        acronym: str,
        partners: list[Organisation],
        results: list[Entry],
        context: dict[str, Any],
        start: date,
        end: date,
        n: int,
    ) -> Entry:
        rng = self.rng
        type_ = rng.choice(self.vocabularies.event_types)
        host = rng.choice([o for o in partners if not o.associated_only])
        title = EVENT_TITLES[type_].format(acronym=acronym, city=host.city, topic=rng.choice(context["topics"]))
        day = _date_between(rng, start, end)
        front: dict[str, Any] = {"project": project_id, "title": title, "type": type_}
        if type_ == "webinar":
            begins = datetime(day.year, day.month, day.day, rng.choice([10, 14, 16]), 0)
            front.update(
                start=begins, end=begins + timedelta(hours=2), online=f"https://meet.example.eu/{project_id}-{n}"
            )
        else:
            front.update(
                start=day,
                end=day + timedelta(days=rng.choice([0, 1, 2, 4])),
                place={"name": host.name, "city": host.city, "country": host.country},
            )
        front["host"] = host.id
        front["languages"] = ["en", COUNTRY_LANGUAGES[host.country][0]]
        total = rng.randint(10, 120)
        front["participants"] = {
            "total": total,
            "international": rng.randint(0, total),
            "fewer_opportunities": rng.randint(0, total // 3),
        }
        front["results"] = [r.id for r in rng.sample(results, k=rng.randint(0, min(2, len(results))))]
        front["summary"] = self.prose.paragraph(context, 1)
        id_ = f"{project_id}-event-{n}"
        links = [(r.title, f"/results/{r.id}/") for r in results if r.id in front["results"]]
        body = self.prose.body("events", context, links)
        return Entry("events", id_, title, day, front["summary"], front, body)

    def _news(
        self,
        project_id: str,
        acronym: str,
        results: list[Entry],
        context: dict[str, Any],
        start: date,
        end: date,
        n: int,
    ) -> Entry:
        rng = self.rng
        title = rng.choice(NEWS_TITLES).format(
            acronym=acronym,
            city=context["city"],
            count=rng.randint(20, 300),
            topic=rng.choice(context["topics"]),
            audience=rng.choice(context["audiences"]),
        )
        day = _date_between(rng, start, min(end + timedelta(days=180), REFERENCE_DATE))
        front: dict[str, Any] = {"title": title, "date": day}
        if rng.random() < 0.9:  # a tenth of the news is about the catalogue rather than one project
            front["project"] = project_id
        front["summary"] = self.prose.paragraph(context, 1)
        front["results"] = [r.id for r in rng.sample(results, k=rng.randint(0, 1))]
        id_ = f"{project_id}-news-{n}"
        links = [(r.title, f"/results/{r.id}/") for r in results if r.id in front["results"]]
        body = self.prose.body("news", context, links + [(f"the {acronym} project", f"/projects/{project_id}/")])
        return Entry("news", id_, title, day, front["summary"], front, body)


def _country_labels() -> dict[str, str]:
    data = yaml.load((BUILTIN_FOLDER / "countries.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return {code: spec["label"] for code, spec in data.items()}


# ---------------------------------------------------------------------------------------------
# Writing the same entries as three sites.


class SiteWriter(Protocol):
    def __init__(self, root: Path): ...

    def create(self, projects: int) -> None:
        """Write the site's configuration and folders."""

    def add(self, entry: Entry) -> None:
        """Write one entry's page source."""


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


class ShowcaseSite:
    """Our generator's catalogue site: showcase.yaml and content/<section>/<id>.md."""

    def __init__(self, root: Path):
        self.root, self.content = root, root / "content"

    def create(self, projects: int) -> None:
        for section in SECTIONS:
            (self.content / section).mkdir(parents=True)
        _write(
            self.root / "showcase.yaml",
            yaml.dump(
                {
                    "title": f"Benchmark catalogue of {projects:,} Erasmus+ partnerships",
                    "description": "A synthetic catalogue written by bench/generate.py: every organisation, person, "
                    "code and address in it is invented.",
                    "base_url": "https://bench.example.org/",
                    "mode": "catalogue",
                    "languages": ["en"],
                    "publisher": {
                        "name": "Benchmark Agency",
                        "url": "https://bench.example.org/",
                        "email": "info@bench.example.org",
                    },
                    "defaults": {"funding_statement": "co-funded"},
                    "accessibility": {"status": "full", "contact": "accessibility@bench.example.org"},
                    "page_size": 50,
                },
                Dumper=_FrontMatterDumper,
                sort_keys=False,
                allow_unicode=True,
            ),
        )

    def add(self, entry: Entry) -> None:
        front = yaml.dump(
            entry.front_matter,
            Dumper=_FrontMatterDumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=None,
            width=1_000_000,
        )
        _write(self.content / entry.section / f"{entry.id}.md", f"---\n{front}---\n\n{entry.body}")


HUGO_CONFIG = """\
baseURL = "https://bench.example.org/"
languageCode = "en"
title = "Benchmark catalogue"
buildFuture = true  # planned results and coming events have dates after today: our catalogue shows them too
# Only the pages our catalogue also has: home, one list per section, one page per entry.
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]

[pagination]
pagerSize = 50
"""
HUGO_LAYOUTS = {
    "baseof.html": """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ site.Title }}</title></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
{{ block "main" . }}{{ end }}
</body>
</html>
""",
    "single.html": """{{ define "main" }}<main data-pagefind-body>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ .Content }}
</main>{{ end }}
""",
    "list.html": """{{ define "main" }}<main>
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}
<ul>
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>
{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
</main>{{ end }}
""",
}


class HugoSite:
    """A plain Hugo site with the same pages: title, date, summary and the same Markdown body."""

    def __init__(self, root: Path):
        self.root, self.content = root, root / "content"

    def create(self, projects: int) -> None:
        for section in SECTIONS:
            (self.content / section).mkdir(parents=True)
            _write(self.content / section / "_index.md", f"---\ntitle: {section.capitalize()}\n---\n")
        layouts = self.root / "layouts" / "_default"
        layouts.mkdir(parents=True)
        for name, text in HUGO_LAYOUTS.items():
            _write(layouts / name, text)
        _write(self.root / "hugo.toml", HUGO_CONFIG)

    def add(self, entry: Entry) -> None:
        front = (
            f"---\ntitle: {json.dumps(entry.title, ensure_ascii=False)}\ndate: {entry.date.isoformat()}\n"
            f"summary: {json.dumps(entry.summary, ensure_ascii=False)}\n---\n\n"
        )
        _write(self.content / entry.section / f"{entry.id}.md", front + entry.body)


PELICAN_CONFIG = """\
# A plain Pelican site with the same pages as the benchmark catalogue (see bench/README.md).
SITENAME = "Benchmark catalogue"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
RELATIVE_URLS = True
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# Every entry is an article whose category is its section: one page per entry, and the
# category pages are the section lists, 50 entries a page as ours and Hugo's.
ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = "{slug}/index.html"
DEFAULT_PAGINATION = 50
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
# The home page lists the sections; no archives, tags, authors or period archives, which
# neither our catalogue nor the Hugo site build.
DIRECT_TEMPLATES = ["categories"]
CATEGORIES_SAVE_AS = "index.html"
TAGS_SAVE_AS = ""
TAG_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
PAGE_SAVE_AS = ""
DRAFT_SAVE_AS = ""
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""


class PelicanSite:
    """A plain Pelican site with the same pages, in Pelican's Markdown metadata format."""

    def __init__(self, root: Path):
        self.root, self.content = root, root / "content"

    def create(self, projects: int) -> None:
        for section in SECTIONS:
            (self.content / section).mkdir(parents=True)
        _write(self.root / "pelicanconf.py", PELICAN_CONFIG)

    def add(self, entry: Entry) -> None:
        meta = (
            f"Title: {entry.title}\nDate: {entry.date.isoformat()}\nCategory: {entry.section}\n"
            f"Slug: {entry.id}\nSummary: {entry.summary}\n\n"
        )
        _write(self.content / entry.section / f"{entry.id}.md", meta + entry.body)


PROJECTS_PER_CHUNK = 500
"""Projects drawn from one random generator: chunks can be written in parallel, and the
files depend only on the seed, never on how many processes wrote them."""

SITES: dict[str, type[SiteWriter]] = {"site": ShowcaseSite, "hugo": HugoSite, "pelican": PelicanSite}
"""Each flavour of the catalogue, by the folder it is written to."""


def _write_projects(
    out: Path, folders: list[str], seed: int, first: int, last: int, organisations: list[Organisation]
) -> dict[str, int]:
    """Draw and write projects first..last-1 (with their results, events and news)."""
    catalogue = Catalogue(random.Random(f"{seed}/{first}"), Vocabularies.load(BUILTIN_FOLDER), organisations)
    sites = [SITES[folder](out / folder) for folder in folders]
    counts = {section: 0 for section in SECTIONS}
    for index in range(first, last):
        for entry in catalogue.project_entries(index):
            counts[entry.section] += 1
            for site in sites:
                site.add(entry)
    return counts


def generate(out: Path, projects: int, seed: int = 1, peers: bool = False) -> dict[str, int]:
    """Write OUT/site (and with `peers` OUT/hugo and OUT/pelican); refuses a non-empty OUT."""
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} is not empty: choose a new folder or remove it first")
    vocabularies = Vocabularies.load(BUILTIN_FOLDER)
    vocabularies.check_tables()
    folders = list(SITES) if peers else ["site"]
    sites = [SITES[folder](out / folder) for folder in folders]
    for site in sites:
        site.create(projects)
    # The pool holds about half as many organisations as there are projects, and at least
    # the ten a project may need.
    catalogue = Catalogue(random.Random(seed), vocabularies, [])
    counts = {section: 0 for section in SECTIONS}
    for entry in catalogue.organisation_entries(max(12, projects // 2)):
        counts[entry.section] += 1
        for site in sites:
            site.add(entry)
    chunks = [(first, min(first + PROJECTS_PER_CHUNK, projects)) for first in range(0, projects, PROJECTS_PER_CHUNK)]
    with ProcessPoolExecutor(max_workers=min(len(chunks), os.cpu_count() or 1) or 1) as pool:
        jobs = [
            pool.submit(_write_projects, out, folders, seed, first, last, catalogue.organisations)
            for first, last in chunks
        ]
        for job in jobs:
            for section, count in job.result().items():
                counts[section] += count
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to create (must be new or empty)")
    parser.add_argument("--projects", type=int, default=10_000, help="number of projects (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same files")
    parser.add_argument("--peers", action="store_true", help="also write the Hugo and Pelican sites")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = generate(args.out, args.projects, args.seed, args.peers)
    total = sum(counts.values())
    details = ", ".join(f"{n} {section}" for section, n in counts.items())
    print(
        f"Wrote {total} entries ({details}) into {args.out} in {time.perf_counter() - started:.1f} s", file=sys.stderr
    )


if __name__ == "__main__":
    main()
