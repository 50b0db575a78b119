#!/usr/bin/env python3
"""Builds src/Chorus.Text/Moderation/Data/terms.tsv (run tools/nlp/fetch-npm.sh first).

Sources: naughty-words 1.2.0 (en, fr; CC BY 4.0), french-badwords-list 1.0.7 (MIT; plain spellings
only, obfuscated spellings are handled by the matcher), and the project's moderation-terms.tsv
(categories and severities, which win) minus moderation-exclude.tsv.
Output: `term<TAB>category<TAB>language<TAB>severity`, lower case.
"""
import json, os, re

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, '.cache')
OUT = os.path.join(HERE, '..', '..', 'src', 'Chorus.Text', 'Moderation', 'Data', 'terms.tsv')


def rows(name):
    for line in open(os.path.join(HERE, name), encoding='utf-8'):
        line = line.rstrip('\n')
        if line and not line.startswith('#'):
            yield line.split('\t')


def main():
    exclude = {r[0].lower() for r in rows('moderation-exclude.tsv')}
    terms = {}

    def add(term, category, language, severity):
        term = term.lower().strip()
        if not term or term in exclude or re.search(r'[0-9@!$]', term) or len(term.split()) > 5:
            return
        terms[(term, language)] = (category, severity)

    naughty = os.path.join(CACHE, 'naughty-words_1.2.0', 'package')
    for term in json.load(open(os.path.join(naughty, 'en.json'), encoding='utf-8')):
        add(term, 'sexual', 'en', 0.35)
    for term in json.load(open(os.path.join(naughty, 'fr.json'), encoding='utf-8')):
        add(term, 'sexual', 'fr', 0.35)
    for term in open(os.path.join(CACHE, 'french-badwords-list_1.0.7', 'package', 'list.txt'), encoding='utf-8'):
        add(term.replace('-', ' '), 'insult', 'fr', 0.5)
    for term, category, language, severity in rows('moderation-terms.tsv'):
        for key in [k for k in terms if k[0] == term.lower()]:
            del terms[key]
        add(term, category, language, float(severity))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w', encoding='utf-8') as out:
        out.write('# term\tcategory\tlanguage\tseverity — built by tools/nlp/build_moderation_lists.py, see NOTICE.md\n')
        for (term, language), (category, severity) in sorted(terms.items()):
            out.write(f'{term}\t{category}\t{language}\t{severity:g}\n')
    print(f'wrote {OUT}: {len(terms)} terms')


if __name__ == '__main__':
    main()
