import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_6281902034d3a076d4e6f584b18e8ae72fefa874 {
    static final String base64Bytes = String.join("", "A05FVEMAAAADAAAAA1R3b3BO5x18jd7pAAAAQz6QezI/ie3WPoMeLT90k6C/bm+5v0IZ3z8gOBY/Ogh+vydwUz8WDpO/rjyAvwb5cj83WnO/u8jTv1UnrL7BBJu+v294v2MNkb7j7KI9h8sYv0Nx8b+LC9U+kowcPaVQSz6n1Ng/yFGZPxO8vD3Pebu/Y7X+vxljAD8kiC++aR8dvdULUr0hp56+XkFDvejEzz2KhwwAAAAAPZelw7wKe/i+iIirvz2Sdz8FmPm+M9pQPqGQTr8ig/2/H1YvPlitoT7VDw88LqG+PzLcGT7KuWe/D7KsPZOyQjygXcE+vjZkvonC6j4PFJ4+hA8uvun5dD12v46+HMYkvhSgT78SwlM9jo4IveIneD2cdAcAAAAEAAAADmRlbnNlXzEud2VpZ2h0AAAAAgAAAAQAAAAIAAAAAAEAAAAMZGVuc2VfMS5iaWFzAAAAAQAAAAgAAAAgAQAAAA5kZW5zZV8yLndlaWdodAAAAAIAAAAIAAAAAwAAACgBAAAADGRlbnNlXzIuYmlhcwAAAAEAAAADAAAAQAEAAAABAAAABWlucHV0AAAAAQAAAAQAAAABAAAABm91dHB1dAAAAAEAAAADAQAAAAIuKsE++OjY1QAAAAXe7OZuJUX0kU9s3R4/uZmZmZmZmgEAAAADc2dkAAAAAAAAAAQ/uZmZmZmZmgAAAAEAAAAPbW9tZW50dW1fYnVmZmVyAAAAQz5OT0M9F1jyPu0xCD6EO+kAAAAAAAAAAL3Tvuy9wr4uAAAAAD2GT+wAAAAAAAAAAL330iwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAC9dogeAAAAAAAAAAC9kA1dPgzssrwwY9k+bpi7PwKKyj6103QAAAAAAAAAAL5g2twAAAAAPkNJBj6ry3g/eSNOPw2fLb330iwAAAAAvslggD0uNmy+c0jcPepUkT38PSe/kwADPzeCHj7c+9C+0iJOPm2gqj42o/K+8Z8sPjBY4j6Zcrw+M6HyPGLiaL5B0BkAAAAAAAAAAAAAAAC/CVa2PrJ/Zj5AXAy+kShwPehfrD4uIQq/APppPyqUB74mZnnXpSeS");

    public static void main(String[] args) throws Throwable {
        Crash_6281902034d3a076d4e6f584b18e8ae72fefa874.class.getClassLoader().setDefaultAssertionStatus(true);
        try {
            Method fuzzerInitialize = dev.netc.runtime.io.ModelFileFuzzTarget.class.getMethod("fuzzerInitialize");
            fuzzerInitialize.invoke(null);
        } catch (NoSuchMethodException ignored) {
            try {
                Method fuzzerInitialize = dev.netc.runtime.io.ModelFileFuzzTarget.class.getMethod("fuzzerInitialize", String[].class);
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
        dev.netc.runtime.io.ModelFileFuzzTarget.fuzzerTestOneInput(input);
    }
}