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
}
