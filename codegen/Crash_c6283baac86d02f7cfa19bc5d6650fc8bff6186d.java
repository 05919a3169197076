import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_c6283baac86d02f7cfa19bc5d6650fc8bff6186d {
    static final String base64Bytes = String.join("", "aW1wb3J0ICJpbnRlcm5hbCBuZXRjIGVycm9yYmxvyGV0IjsKYmxvY2sgcmtzKHgsIHVuaXRzLCBhY3QpIHsgaCA9IGRlbnNlKGhhOjgpOwogIGZsYXR0ZW47Cn0K");

    public static void main(String[] args) throws Throwable {
        Crash_c6283baac86d02f7cfa19bc5d6650fc8bff6186d.class.getClassLoader().setDefaultAssertionStatus(true);
        try {
            Method fuzzerInitialize = dev.netc.codegen.fuzz.CompilerFuzzTarget.class.getMethod("fuzzerInitialize");
            fuzzerInitialize.invoke(null);
        } catch (NoSuchMethodException ignored) {
            try {
                Method fuzzerInitialize = dev.netc.codegen.fuzz.CompilerFuzzTarget.class.getMethod("fuzzerInitialize", String[].class);
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
        dev.netc.codegen.fuzz.CompilerFuzzTarget.fuzzerTestOneInput(input);
    }
}