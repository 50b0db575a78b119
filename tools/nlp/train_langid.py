#!/usr/bin/env python3
"""Trains the character n-gram language-identification model shipped in
src/Chorus.Text/Language/Data/langid-model.tsv.gz.

Sources (fetch first with tools/nlp/fetch-npm.sh; word lists with
`apt-get install wamerican wfrench wspanish wngerman witalian wportuguese wdutch`):
  - stopwords-iso 1.1.0 and stopword 3.1.5 (npm, MIT): frequent function words, heavily weighted
    because they dominate real text;
  - Debian word lists in /usr/share/dict: letter statistics of the vocabulary (sampled);
  - tools/nlp/langid-seed/<lang>.txt: sentences written for this project;
  - tools/nlp/langid-strong-extra.tsv: chat abbreviations and slang of one language (strong words).

Every word is folded first (lower case, accents removed, as CharFolding does at run time): a text typed
without accents then meets the same n-grams as one typed with them.

Model format (gzip TSV), first line: `#langs\ten\tfr...`, second line `#floor\t<v>...` (score of an
n-gram never seen for that language), then `ngram\t<v per language>` for n-grams of 1-4 chars
(word boundaries are spaces) and `@word\t<mask>` lines for strong words (stop words specific to a
few languages). Scores are -log(p) * 100 rounded, so lower is likelier.
"""
import gzip, io, json, math, os, random, re, sys, unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, '.cache')
OUT = os.path.join(HERE, '..', '..', 'src', 'Chorus.Text', 'Language', 'Data', 'langid-model.tsv.gz')
LANGS = ['en', 'fr', 'es', 'de', 'it', 'pt', 'nl']
DICTS = {'en': 'american-english', 'fr': 'french', 'es': 'spanish', 'de': 'ngerman',
         'it': 'italian', 'pt': 'portuguese', 'nl': 'dutch'}
STOPWORD_FILES = {'en': ['eng'], 'fr': ['fra'], 'es': ['spa'], 'de': ['deu'], 'it': ['ita'],
                  'pt': ['por', 'porBr'], 'nl': ['nld']}
KEEP_PER_ORDER = {1: 60, 2: 900, 3: 3000, 4: 4000}
STOP_WEIGHT = 300      # a stop word stands for many occurrences in running text
DICT_SAMPLE = 40000
SEED_WEIGHT = 20
ALPHA = 0.5

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
EXTRA_STRONG = os.path.join(HERE, 'langid-strong-extra.tsv')


def fold(word):
    """Lower case without combining marks, as Chorus.Text.Language.CharFolding folds one char."""
    decomposed = unicodedata.normalize('NFD', word.lower())
    return unicodedata.normalize('NFC', ''.join(c for c in decomposed if unicodedata.category(c) != 'Mn'))


def words(text):
    return [fold(w) for w in WORD.findall(text)]


def extra_strong_words():
    result = {}
    for line in open(EXTRA_STRONG, encoding='utf-8'):
        if line.startswith('#') or not line.strip():
            continue
        word, lang = line.rstrip('\n').split('\t')
        result.setdefault(fold(word), set()).add(lang)
    return result


def stopwords(lang):
    iso = json.load(open(os.path.join(CACHE, 'stopwords-iso_1.1.0', 'package', 'stopwords-iso.json'), encoding='utf-8'))
    result = set(w for w in iso[lang] if WORD.fullmatch(w))
    for suffix in STOPWORD_FILES[lang]:
        path = os.path.join(CACHE, 'stopword_3.1.5', 'package', 'src', f'stopwords_{suffix}.js')
        src = open(path, encoding='utf-8').read()
        body = src[src.index('['):]
        result.update(w for w in re.findall(r"'([^']*)'", body) if WORD.fullmatch(w))
    return {w.lower() for w in result}


def dictionary_words(lang, rng):
    path = os.path.join('/usr/share/dict', DICTS[lang])
    ws = [l.strip() for l in open(path, encoding='utf-8', errors='ignore')]
    # lower-case entries only: capitalised ones are mostly proper nouns shared across languages
    ws = [fold(w) for w in ws if w and w == w.lower() and WORD.fullmatch(w)]
    rng.shuffle(ws)
    return ws[:DICT_SAMPLE]


def ngrams(word):
    padded = f' {word} '
    for n in range(1, 5):
        for i in range(len(padded) - n + 1):
            g = padded[i:i + n]
            if g.strip() == '' or (n == 1 and g == ' '):
                continue
            yield g


def main():
    rng = random.Random(42)
    counts = {l: Counter() for l in LANGS}
    # Stop words as written, for the strong words (an accent can be what tells two languages apart:
    # Portuguese "só" is not English/German "so"); folded for the n-gram counts.
    written_stops = {l: stopwords(l) for l in LANGS}
    stops = {l: {fold(w) for w in written_stops[l]} for l in LANGS}
    for lang in LANGS:
        c = counts[lang]
        for w in stops[lang]:
            for g in ngrams(w):
                c[g] += STOP_WEIGHT
        for w in dictionary_words(lang, rng):
            for g in ngrams(w):
                c[g] += 1
        for w in words(open(os.path.join(HERE, 'langid-seed', f'{lang}.txt'), encoding='utf-8').read()):
            for g in ngrams(w):
                c[g] += SEED_WEIGHT
    keep = set()
    for lang in LANGS:
        by_order = {n: [] for n in range(1, 5)}
        for g, k in counts[lang].items():
            by_order[len(g)].append((k, g))
        for n, items in by_order.items():
            items.sort(reverse=True)
            keep.update(g for _, g in items[:KEEP_PER_ORDER[n]])
    totals = {l: {n: sum(k for g, k in counts[l].items() if len(g) == n) for n in range(1, 5)} for l in LANGS}
    vocab = {n: sum(1 for g in keep if len(g) == n) for n in range(1, 5)}

    def score(lang, g):
        n = len(g)
        p = (counts[lang].get(g, 0) + ALPHA) / (totals[lang][n] + ALPHA * vocab[n] * 4)
        return round(-math.log(p) * 100)

    # strong words: stop words shared by at most three of the languages, looked up folded at run time.
    # The folded form of an accented stop word keeps its languages unless it is itself a stop word as
    # written in another language ("só" → "so" stays English and German).
    owners = Counter()
    for l in LANGS:
        for w in written_stops[l]:
            owners[w] += 1
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    # mtime=0 keeps the archive byte-identical between runs
    with io.TextIOWrapper(gzip.GzipFile(OUT, 'wb', compresslevel=9, mtime=0), encoding='utf-8') as out:
        out.write('#langs\t' + '\t'.join(LANGS) + '\n')
        # an unseen n-gram of order n costs the score of an n-gram seen zero times, per order
        for n in range(1, 5):
            out.write(f'#floor{n}\t' + '\t'.join(str(round(-math.log(ALPHA / (totals[l][n] + ALPHA * vocab[n] * 4)) * 100)) for l in LANGS) + '\n')
        for g in sorted(keep):
            out.write(g + '\t' + '\t'.join(str(score(l, g)) for l in LANGS) + '\n')
        extra = extra_strong_words()
        strong = {}
        for w in owners:
            if owners[w] <= 3 and len(w) >= 2:
                mask = sum(1 << i for i, l in enumerate(LANGS) if w in written_stops[l])
                folded = fold(w)
                if folded == w:
                    strong[w] = strong.get(w, 0) | mask
                elif folded not in owners:
                    strong.setdefault(folded, 0)
                    strong[folded] |= mask
        for w, langs in extra.items():
            strong[w] = strong.get(w, 0) | sum(1 << LANGS.index(l) for l in langs)
        for w in sorted(strong):
            out.write(f'@{w}\t{strong[w]}\n')
    print(f'wrote {OUT}: {len(keep)} n-grams', file=sys.stderr)


if __name__ == '__main__':
    main()
