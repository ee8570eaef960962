package io.subtrack.common.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The one configured ObjectMapper: decimals read as BigDecimal so "86.48" stays 86.48, never 86.4799... */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
        // keep "86.480" as written: the raw layer stores values verbatim
        .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
        .build();

    private Json() {}

    /**
     * A parse error's reason without the text it quotes: Jackson names the bad token ("Unrecognized token 'x1Pw9'"),
     * which in a raw file may be a password or a card number; the line and column say where to look.
     */
    public static String reasonWithoutValues(com.fasterxml.jackson.core.JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        int nl = m.indexOf('\n');
        if (nl >= 0) m = m.substring(0, nl);
        return m.replaceAll("'[^']*'", "'…'").replaceAll("\"[^\"]*\"", "\"…\"");
    }
}
