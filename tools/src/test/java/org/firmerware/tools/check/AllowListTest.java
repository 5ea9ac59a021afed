package org.firmerware.tools.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AllowListTest {

    @Test
    void everyMemberOnTheListExistsInTheJdk() {
        ClassPath classes = new ClassPath(AllowListTest.class.getClassLoader());
        for (String key : AllowList.members()) {
            int dot = key.indexOf('.');
            int space = key.indexOf(' ');
            String owner = key.substring(0, dot);
            MethodRef m = new MethodRef(owner, key.substring(dot + 1, space), key.substring(space + 1));
            assertNotNull(classes.method(m), "no such JDK method: " + key);
        }
    }

    @Test
    void initMayThrowWhatMissionMayNot() {
        assertTrue(AllowList.allowsMember("java/lang/IllegalStateException", "<init>", "(Ljava/lang/String;)V", true));
        assertFalse(AllowList.allowsMember("java/lang/IllegalStateException", "<init>", "(Ljava/lang/String;)V",
            false));
        assertTrue(AllowList.allowsMember("java/lang/Math", "min", "(JJ)J", false));
        assertFalse(AllowList.allowsMember("java/lang/Math", "min", "(DD)D", false));
        assertFalse(AllowList.allowsMember("java/lang/System", "currentTimeMillis", "()J", true));
        assertTrue(AllowList.allowsType("[Ljava/lang/String;", false));
        assertFalse(AllowList.allowsType("java/util/List", true));
    }
}
