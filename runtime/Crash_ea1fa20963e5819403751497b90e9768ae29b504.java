import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_ea1fa20963e5819403751497b90e9768ae29b504 {
    static final String base64Bytes = String.join("", "AAAACAMACAAAKBQujCW0yNw=");

    public static void main(String[] args) throws Throwable {
        Crash_ea1fa20963e5819403751497b90e9768ae29b504.class.getClassLoader().setDefaultAssertionStatus(true);
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