package org.elasticsearch.node;

import java.util.List;

import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.elasticsearch.index.analysis.PreConfiguredTokenFilter;
import org.elasticsearch.index.analysis.PreConfiguredTokenizer;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/**
 * The few analysis parts of Elasticsearch's analysis-common module that the
 * supermarket index uses, under the same names.
 *
 * A packaged Elasticsearch 8 has analysis-common built in; the Maven Central
 * artifacts the test node is assembled from do not, but they do carry Lucene's
 * analyzers. Registering the same names here lets the one index mapping work
 * unchanged on this node and on any production cluster.
 */
public final class SupermarketAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public List<PreConfiguredTokenizer> getPreConfiguredTokenizers() {
        return List.of(PreConfiguredTokenizer.singleton("whitespace", WhitespaceTokenizer::new));
    }

    @Override
    public List<PreConfiguredTokenFilter> getPreConfiguredTokenFilters() {
        return List.of(
            PreConfiguredTokenFilter.singleton("cjk_width", true, CJKWidthFilter::new),
            PreConfiguredTokenFilter.singleton("cjk_bigram", false, CJKBigramFilter::new),
            PreConfiguredTokenFilter.singleton("asciifolding", true, ASCIIFoldingFilter::new)
        );
    }
}
