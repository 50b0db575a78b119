import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.Query;

/**
 * Peer for the Chorus match benchmark: every post goes into a Lucene MemoryIndex and every saved
 * query is searched against it (the classic way to match many queries with Lucene without Monitor).
 * Usage: LuceneMatch QUERIES.txt POSTS.tsv SECONDS   (posts: lang TAB text). Prints posts per CPU second.
 */
public final class LuceneMatch {
    public static void main(String[] args) throws Exception {
        List<String> queryLines = Files.readAllLines(Paths.get(args[0]), StandardCharsets.UTF_8);
        List<String> postLines = Files.readAllLines(Paths.get(args[1]), StandardCharsets.UTF_8);
        double seconds = Double.parseDouble(args[2]);

        // Same text model as Chorus as far as Lucene goes: French elisions, lower case, accent folding.
        CharArraySet elisions = new CharArraySet(Arrays.asList("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"), true);
        Analyzer analyzer = new Analyzer() {
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
