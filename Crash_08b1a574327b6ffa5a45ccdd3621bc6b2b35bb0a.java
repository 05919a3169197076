import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_08b1a574327b6ffa5a45ccdd3621bc6b2b35bb0a {
    static final String base64Bytes = String.join("", "A05FVEMAAAADAAAAA1R3b3BO5x18jd7pAAAAQz60teE/iIYYPrSYoD+ANMa/bm+5v0IZ3z8euyg/My9AvydwUz8Vfz2/rjyAvwb5cj8uUmm/u8jTv1UnrL7BBJu+v294v2MNkb7j7KI9TPwSv0Nx8b+LC9U+iJ/MPfEA/T6m58c/z2gaPy/yyz43HZm/Y7X+vxljAD8ZLAW+aR8dvQ+przsztau8J0JIu8oQzj0EjXUAAAAAO5K8hjrl0Sa+oqQRvzjoNT8N/Gm+zajVPtzPJL8GRZG/N24iPoSUKgAAAAC9sMatPzaU9z707mK/AwCEPX3RgbyiwUs+vjZkvonC6j4PFJ4+HvOHvswaZD3WOSy+UxNmvg3EQL8G5ge1hLAAuwFDtT0ZynIAAAAEAAAADmRlbnNlXzEud2VpZ2h0AAAAAgAAAAQAAAAIAAAAAAEAAAAMZGVuc2VfMS5iaWFzAAAAAQAAAAgAAAAgAQAAAA5kZW5zZV8yLndlaWdodAAAAAIAAAAIAAAAAwAAACgBAAAADGRlbnNlXzIuYmlhcwAAAAEAAAADAAAAQAEAAAABAAAABWlucHV0AAAAAQAAAAQAAAABAAAABm91dHB1dAAAAAEAAAADAQAAAAIuKsE++OjY1QAAAAXe7OZuJUX0kU9s3R4/hHrhR64UewEAAAAFYWRhbXcAAAAAAAAABD+EeuFHrhR7AAAAAgAAAAdleHBfYWZnAAAAQzzpWy074v1tPWVJWT0BYmAAAAAAAAAAALvgpuK8GID6AAAAADujVxYAAAAAAAAAALwsXgUAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAC8AMyUAAAAAAAAAAC8FI33PEgDIjr0kdc88r32PW4pUz0mBJkAAAAAAAAAALyj538AAAAAPPikSz0qKYo96blXPYOZ6rwsXgUAAAAAvRMsGTs+CJ29C3bCPHwpdzyYXzIud2VpZ2h0AAAAAgAAAAgAAAADAAAAKAEAAAAMZGVuc2VfMi5iaWFzAAAAAQAAAAMAAABAAQAAAAEAAAAFaW5wdXQAAAABAAAABAAAAAEdSjyeZpO9c6Q/PY5/0bwlbZMAAAAKZXhwX2F2Z19zcQAAAEM4URdbOLDymTlW9MM418hgAAAAAAAAAAA4EI46NoFa9wAAAAA4VhpFAAAAAAAAAAA21FQuAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAANo37ewAAAAAAAAAANr0wWjcqhnM0khAVOGGtjDlZJNU40wU8AAAAAAAAAAA3y84DAAAAADhV+fY54shVOlf4+jnA/bg21FQuAAAAADkE6+g21GgpOKrDITguFXc3USxbOqjdKzpQaSc4/pnaOVr4VDjOeOc33Fz6OYoxGDklriE4WAxmN19JmTffg104LrLqAAAAAAAAAAAAAAAAOXt3LzkQEJM3yuEvOKgHdXRwdXQAAAABAAAAnzonbzs2gciJgCWCRg==");

    public static void main(String[] args) throws Throwable {
        Crash_08b1a574327b6ffa5a45ccdd3621bc6b2b35bb0a.class.getClassLoader().setDefaultAssertionStatus(true);
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