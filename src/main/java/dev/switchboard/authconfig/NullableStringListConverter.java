package dev.switchboard.authconfig;

import dev.switchboard.common.StringListJsonConverter;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.List;

/** A list of strings as a JSON array, where null (never set) stays null rather than becoming empty. */
@Converter
public class NullableStringListConverter implements AttributeConverter<List<String>, String> {

    private static final StringListJsonConverter LISTS = new StringListJsonConverter();

    @Override
    public String convertToDatabaseColumn(List<String> values) {
        return values == null ? null : LISTS.convertToDatabaseColumn(values);
    }

    @Override
    public List<String> convertToEntityAttribute(String column) {
        return column == null ? null : LISTS.convertToEntityAttribute(column);
    }
}
