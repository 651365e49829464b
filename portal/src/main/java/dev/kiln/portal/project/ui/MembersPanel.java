package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import dev.kiln.portal.access.ProjectRole;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.base.ui.Notices;
import dev.kiln.portal.project.InvalidMemberException;
import dev.kiln.portal.project.MemberInfo;
import dev.kiln.portal.project.ProjectMembers;
import dev.kiln.portal.user.UserService;
import java.util.Arrays;

/** A project's members; owners and admins add people, change roles and remove them. */
class MembersPanel extends VerticalLayout {

  private static final int MAX_SUGGESTIONS = 200;

  private final ProjectMembers members;
  private final long projectId;
  private final boolean mayManage;
  private final Grid<MemberInfo> grid = new Grid<>(MemberInfo.class, false);

  MembersPanel(ProjectMembers members, UserService users, long projectId, boolean mayManage) {
    this.members = members;
    this.projectId = projectId;
    this.mayManage = mayManage;
    setPadding(false);
    setSizeFull();
    add(
        new Paragraph(
            "Owners manage members and secrets and may delete the project; maintainers edit and run it"
                + " and cancel its builds; viewers see its builds, logs and artifacts. Admins may do everything."));
    if (mayManage) {
      add(configureAdd(users));
    }
    add(configureGrid());
    refresh();
  }

  private HorizontalLayout configureAdd(UserService users) {
    var who = new ComboBox<String>("User");
    who.setId("member-user");
    who.setItems(
        query ->
            users
                .suggestUsernames(
                    query.getFilter().orElse(""),
                    Math.min(query.getOffset() + query.getLimit(), MAX_SUGGESTIONS))
                .stream()
                .skip(query.getOffset())
                .limit(query.getLimit()));
    who.setAllowCustomValue(true);
    who.addCustomValueSetListener(e -> who.setValue(e.getDetail()));
    who.setHelperText("Someone who has logged in before, or whom an admin created.");
    var role = roleSelect("Role");
    role.setId("member-role");
    role.setValue(ProjectRole.VIEWER);
    var add =
        new Button(
            "Add member",
            e -> {
              try {
                MemberInfo added = members.add(projectId, who.getValue(), role.getValue());
                done(added.username() + " is now " + article(added.role()) + ".");
                who.clear();
              } catch (InvalidMemberException ex) {
                Notices.problem(ex.getMessage());
              }
            });
    add.setId("add-member");
    add.addThemeVariants(ButtonVariant.PRIMARY);
    var row = new HorizontalLayout(who, role, add);
    row.setAlignItems(FlexComponent.Alignment.BASELINE);
    return row;
  }

  private Grid<MemberInfo> configureGrid() {
    grid.addColumn(MemberInfo::username).setHeader("User").setFlexGrow(1);
    if (mayManage) {
      grid.addComponentColumn(
              m -> {
                var role = roleSelect(null);
                role.setValue(m.role());
                role.addValueChangeListener(
                    e -> {
                      if (!e.isFromClient()) {
                        return;
                      }
                      try {
                        members.changeRole(projectId, m.username(), e.getValue());
                        done(m.username() + " is now " + article(e.getValue()) + ".");
                      } catch (InvalidMemberException ex) {
                        Notices.problem(ex.getMessage());
                        refresh();
                      }
                    });
                return role;
              })
          .setHeader("Role")
          .setAutoWidth(true);
    } else {
      grid.addColumn(m -> m.role().label()).setHeader("Role").setAutoWidth(true);
    }
    grid.addColumn(m -> Formats.time(m.addedAt()) + " by " + m.addedBy())
        .setHeader("Added")
        .setAutoWidth(true);
    if (mayManage) {
      grid.addComponentColumn(
              m -> {
                var remove =
                    new Button(
                        "Remove",
                        e -> {
                          try {
                            members.remove(projectId, m.username());
                            done(m.username() + " is no longer a member.");
                          } catch (InvalidMemberException ex) {
                            Notices.problem(ex.getMessage());
                          }
                        });
                remove.addThemeVariants(ButtonVariant.ERROR, ButtonVariant.TERTIARY);
                return remove;
              })
          .setAutoWidth(true)
          .setFlexGrow(0);
    }
    grid.setId("members");
    grid.setEmptyStateText("No members: only admins see this project.");
    grid.setMinHeight("12rem");
    return grid;
  }

  private static Select<ProjectRole> roleSelect(String label) {
    var select = new Select<ProjectRole>();
    if (label != null) {
      select.setLabel(label);
    }
    select.setItems(Arrays.asList(ProjectRole.values()));
    select.setItemLabelGenerator(ProjectRole::label);
    return select;
  }

  private static String article(ProjectRole role) {
    return (role == ProjectRole.OWNER ? "an " : "a ") + role.label().toLowerCase();
  }

  private void done(String message) {
    Notices.done(message);
    refresh();
  }

  private void refresh() {
    grid.setItems(members.list(projectId));
  }
}
