import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_7cdafa655328b66bf1e5d289c5d786eab0a1055e {
    static final String base64Bytes = String.join("", "AAAACAMACEAAKBQAWyV4yNw=");

    public static void main(String[] args) throws Throwable {
        Crash_7cdafa655328b66bf1e5d289c5d786eab0a1055e.class.getClassLoader().setDefaultAssertionStatus(true);
        try {
            Method fuzzerInitialize = dev.netc.runtime.data.IdxFuzzTarget.class.getMethod("fuzzerInitialize");
            fuzzerInitialize.invoke(null);
        } catch (NoSuchMethodException ignored) {
            try {
                Method fuzzerInitialize = dev.netc.runtime.data.IdxFuzzTarget.class.getMethod("fuzzerInitialize", String[].class);
                fuzzerInitialize.invoke(null, (Object) args);
            } catch (NoSuchMethodException ignored1) {
            } catch (IllegalAccessException | InvocationTargetException e) {
                e.printStackTrace();
                System.exit(1);
            }
        } catch (IllegalAccessException | InvocationTargetException e) {
            e.printStackTrace();
            System.exit(1);
        }
        byte[] input = java.util.Base64.getDecoder().decode(base64Bytes);
        dev.netc.runtime.data.IdxFuzzTarget.fuzzerTestOneInput(input);
    }
}