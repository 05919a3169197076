import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_ad2551ac486e41f60476eefa8c58db067acd3a96 {
    static final String base64Bytes = String.join("", "AAAACAMACAAAKBQujCW0yAA=");

    public static void main(String[] args) throws Throwable {
        Crash_ad2551ac486e41f60476eefa8c58db067acd3a96.class.getClassLoader().setDefaultAssertionStatus(true);
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