import java.util.ArrayList;
import java.util.List;

/** Command-line options of the bench tools: {@code --name value} pairs and bare {@code --flag}s. */
record Args(String[] raw) {

    static Args of(String[] raw) {
        return new Args(raw);
    }

    String get(String name, String fallback) {
        for (int i = 0; i < raw.length - 1; i++) {
            if (raw[i].equals(name)) {
                return raw[i + 1];
            }
        }
        return fallback;
    }

    String require(String name) {
        String value = get(name, null);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }

    List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < raw.length - 1; i++) {
            if (raw[i].equals(name)) {
                values.add(raw[i + 1]);
            }
        }
        return values;
    }

    boolean has(String flag) {
        for (String arg : raw) {
            if (arg.equals(flag)) {
                return true;
            }
        }
        return false;
    }
}
