import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Peer for the Chorus match benchmark: every post goes into a Lucene MemoryIndex and every saved
 * query is searched against it (the classic way to match many queries with Lucene without Monitor).
 * Usage: LuceneMatch QUERIES.txt POSTS.tsv SECONDS   (posts: lang TAB text). Prints posts per CPU second.
 *
 * With --stream, the peer of the command-line benchmark: every post once, through a term presearcher (what Lucene's
 * Monitor does with its TermFilteredPresearcher; Debian ships no lucene-monitor jar): each query is indexed under the
 * terms one of which a matching post must contain, a post's terms (read from its MemoryIndex) select the candidate
 * queries, and only those are searched. Writes one line per post (its number and matched query numbers) to stdout.
 * Usage: LuceneMatch --stream QUERIES.txt POSTS.tsv
 */
public final class LuceneMatch {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("--stream")) {
            stream(args[1], args[2]);
            return;
        }
        List<String> queryLines = Files.readAllLines(Paths.get(args[0]), StandardCharsets.UTF_8);
        List<String> postLines = Files.readAllLines(Paths.get(args[1]), StandardCharsets.UTF_8);
        double seconds = Double.parseDouble(args[2]);

        Analyzer analyzer = analyzer();
        QueryParser parser = new QueryParser("text", analyzer);
        parser.setDefaultOperator(QueryParser.Operator.AND);
        List<Query> queries = new ArrayList<>();
        for (String line : queryLines) {
            queries.add(parser.parse(line));
        }
        String[] langs = new String[postLines.size()];
        String[] texts = new String[postLines.size()];
        for (int i = 0; i < postLines.size(); i++) {
            String line = postLines.get(i);
            int tab = line.indexOf('\t');
            langs[i] = line.substring(0, tab);
            texts[i] = line.substring(tab + 1);
        }

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MemoryIndex index = new MemoryIndex();
        long matches = 0;
        // Warm-up (CPU time) so the JIT has compiled the search path before timing.
        long warmStart = threads.getCurrentThreadCpuTime();
        for (int i = 0; threads.getCurrentThreadCpuTime() - warmStart < 2_000_000_000L; i = (i + 1) % texts.length) {
            matches += matchOne(index, analyzer, queries, langs[i], texts[i]);
        }
        matches = 0;
        long processed = 0;
        long start = threads.getCurrentThreadCpuTime();
        long limit = (long) (seconds * 1e9);
        outer:
        while (true) {
            for (int i = 0; i < texts.length; i++) {
                matches += matchOne(index, analyzer, queries, langs[i], texts[i]);
                processed++;
                if ((processed & 15) == 0 && threads.getCurrentThreadCpuTime() - start >= limit) {
                    break outer;
                }
            }
        }
        double cpu = (threads.getCurrentThreadCpuTime() - start) / 1e9;
        System.out.println("queries=" + queries.size() + " posts=" + processed + " cpu_seconds=" + cpu);
        System.out.println("matches_per_post=" + ((double) matches / processed));
        System.out.println("posts_per_second=" + (processed / cpu));
    }

    private static void stream(String queriesPath, String postsPath) throws Exception {
        Analyzer analyzer = analyzer();
        QueryParser parser = new QueryParser("text", analyzer);
        parser.setDefaultOperator(QueryParser.Operator.AND);
        List<Query> queries = new ArrayList<>();
        for (String line : Files.readAllLines(Paths.get(queriesPath), StandardCharsets.UTF_8)) {
            queries.add(parser.parse(line));
        }
        // The presearcher's index: field:term -> queries (in order) that need it; queries with no such term always run.
        Map<String, List<Integer>> byTerm = new HashMap<>();
        List<Integer> always = new ArrayList<>();
        for (int q = 0; q < queries.size(); q++) {
            List<Term> terms = requiredTerms(queries.get(q));
            if (terms == null) {
                always.add(q);
                continue;
            }
            for (Term term : terms) {
                byTerm.computeIfAbsent(term.field() + ":" + term.text(), k -> new ArrayList<>()).add(q);
            }
        }
        int[] alwaysRun = always.stream().mapToInt(Integer::intValue).toArray();
        int[] prefixLengths = byTerm.keySet().stream().filter(k -> k.startsWith(PREFIX))
            .mapToInt(k -> k.length() - k.indexOf(':') - 1).distinct().sorted().toArray();
        Map<String, int[]> postings = new HashMap<>();
        byTerm.forEach((term, list) -> postings.put(term, list.stream().mapToInt(Integer::intValue).toArray()));

        MemoryIndex index = new MemoryIndex();
        boolean[] seen = new boolean[queries.size()];
        int[] candidates = new int[queries.size()];
        long posts = 0, matches = 0, verified = 0;
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        StringBuilder line = new StringBuilder();
        for (String post : Files.readAllLines(Paths.get(postsPath), StandardCharsets.UTF_8)) {
            int tab = post.indexOf('\t');
            index.reset();
            index.addField("text", post.substring(tab + 1), analyzer);
            index.addField("lang", post.substring(0, tab), analyzer);
            int count = 0;
            LeafReader reader = (LeafReader) index.createSearcher().getIndexReader();
            for (String field : new String[] {"text", "lang"}) {
                Terms terms = reader.terms(field);
                if (terms == null) {
                    continue;
                }
                TermsEnum each = terms.iterator();
                for (BytesRef term = each.next(); term != null; term = each.next()) {
                    String text = term.utf8ToString();
                    count = addCandidates(postings.get(field + ":" + text), seen, candidates, count);
                    for (int length : prefixLengths) {
                        if (length > text.length()) {
                            break;
                        }
                        count = addCandidates(postings.get(PREFIX + field + ":" + text.substring(0, length)), seen, candidates, count);
                    }
                }
            }
            for (int q : alwaysRun) {
                if (!seen[q]) {
                    seen[q] = true;
                    candidates[count++] = q;
                }
            }
            Arrays.sort(candidates, 0, count);
            line.setLength(0);
            line.append(posts + 1).append('\t');
            for (int i = 0; i < count; i++) {
                int q = candidates[i];
                seen[q] = false;
                if (index.search(queries.get(q)) > 0.0f) {
                    line.append('q').append(q + 1).append(',');
                    matches++;
                }
            }
            verified += count;
            out.append(line).append('\n');
            posts++;
        }
        out.flush();
        System.err.println("posts=" + posts + " queries=" + queries.size() + " always_verified=" + alwaysRun.length
            + " candidates_per_post=" + ((double) verified / posts) + " matches_per_post=" + ((double) matches / posts));
    }

    private static int addCandidates(int[] queries, boolean[] seen, int[] candidates, int count) {
        if (queries != null) {
            for (int q : queries) {
                if (!seen[q]) {
                    seen[q] = true;
                    candidates[count++] = q;
                }
            }
        }
        return count;
    }

    // The terms one of which every matching post contains, or null when there is no such set (wildcards, negations
    // alone): a conjunction needs one of its clauses' sets (the one of longest terms, as Lucene's weighting prefers),
    // a disjunction the union of its clauses' sets, a phrase its longest word.
    private static List<Term> requiredTerms(Query query) {
        if (query instanceof TermQuery) {
            return List.of(((TermQuery) query).getTerm());
        }
        if (query instanceof PhraseQuery) {
            Term best = null;
            for (Term term : ((PhraseQuery) query).getTerms()) {
                if (best == null || term.text().length() > best.text().length()) {
                    best = term;
                }
            }
            return best == null ? null : List.of(best);
        }
        if (query instanceof PrefixQuery) {
            // Indexed under its prefix; a post's terms are looked up by their prefixes of the lengths in use.
            Term prefix = ((PrefixQuery) query).getPrefix();
            return prefix.text().isEmpty() ? null : List.of(new Term(PREFIX + prefix.field(), prefix.text()));
        }
        if (query instanceof BoostQuery) {
            return requiredTerms(((BoostQuery) query).getQuery());
        }
        if (query instanceof ConstantScoreQuery) {
            return requiredTerms(((ConstantScoreQuery) query).getQuery());
        }
        if (query instanceof BooleanQuery) {
            List<Term> best = null;
            List<Term> union = new ArrayList<>();
            boolean anyShould = false, unionComplete = true;
            for (BooleanClause clause : ((BooleanQuery) query).clauses()) {
                List<Term> terms = requiredTerms(clause.getQuery());
                switch (clause.getOccur()) {
                    case MUST:
                    case FILTER:
                        if (terms != null && (best == null || shortest(terms) > shortest(best))) {
                            best = terms;
                        }
                        break;
                    case SHOULD:
                        anyShould = true;
                        if (terms == null) {
                            unionComplete = false;
                        } else {
                            union.addAll(terms);
                        }
                        break;
                    default:
                        break;
                }
            }
            if (best != null) {
                return best;
            }
            return anyShould && unionComplete ? union : null;
        }
        return null;
    }

    private static final String PREFIX = "prefix ";

    private static int shortest(List<Term> terms) {
        int shortest = Integer.MAX_VALUE;
        for (Term term : terms) {
            shortest = Math.min(shortest, term.text().length());
        }
        return shortest;
    }

    private static Analyzer analyzer() {
        // Same text model as Chorus as far as Lucene goes: French elisions, lower case, accent folding.
        CharArraySet elisions = new CharArraySet(Arrays.asList("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"), true);
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer source = new StandardTokenizer();
                TokenStream stream = new ElisionFilter(source, elisions);
                stream = new LowerCaseFilter(stream);
                stream = new ASCIIFoldingFilter(stream);
                return new TokenStreamComponents(source, stream);
            }

            @Override
            protected TokenStream normalize(String field, TokenStream in) {
                return new ASCIIFoldingFilter(new LowerCaseFilter(in));
            }
        };
    }

    private static int matchOne(MemoryIndex index, Analyzer analyzer, List<Query> queries, String lang, String text) {
        index.reset();
        index.addField("text", text, analyzer);
        index.addField("lang", lang, analyzer);
        int matched = 0;
        for (Query query : queries) {
            if (index.search(query) > 0.0f) {
                matched++;
            }
        }
        return matched;
    }
}
